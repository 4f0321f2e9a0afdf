import { describe, expect, it } from 'vitest';
import { backend } from '../src/backend.js';
import { resident } from '../src/resident.js';

// vitest gives each test file a fresh module graph, so init() has not run here.
describe('before init()', () => {
  it('facade calls throw E_NOT_INITIALIZED with a hint', () => {
    expect(() => backend()).toThrow(expect.objectContaining({ code: 'E_NOT_INITIALIZED' }));
    expect(() => resident(3)).toThrow(/await init\(\) first/);
  });
});
