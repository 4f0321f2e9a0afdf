import { describe, expect, it } from 'vitest';
import { backend } from '../src/backend.js';
import { resident } from '../src/resident.js';

// vitest gives each test file a fresh module graph, so init() has not run here.
describe('before init()', () => {
  it('facade calls throw E_NOT_INITIALIZED with a hint', () => {
    for (const [fn, f] of [
      ['backend', () => backend()],
      ['resident', () => resident(3)],
    ] as const)
      expect(f).toThrow(
        expect.objectContaining({
          name: 'StateError',
          code: 'E_NOT_INITIALIZED',
          message: `${fn}: core-math is not initialised; await init() first.`,
        }),
      );
  });
});
