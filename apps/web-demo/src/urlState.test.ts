import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from './urlState.js';

describe('URL state', () => {
  it('round-trips a lab and its raw parameter strings, including characters that need encoding', () => {
    const params = { k: '6', tol: '1e-9', init: 'xavier', odd: 'a&b=c d' };
    const s = encodeState('ts', params);
    expect(s.startsWith('?lab=ts&k=6&tol=1e-9&init=xavier&odd=')).toBe(true);
    const back = decodeState(s, '');
    expect(back.lab).toBe('ts');
    expect(Object.fromEntries(back.values)).toEqual(params);
  });

  it('falls back to the old #id links and to no lab at all', () => {
    expect(decodeState('', '#p1')).toEqual({ lab: 'p1', values: [] });
    expect(decodeState('?d=5', '')).toEqual({ lab: null, values: [['d', '5']] });
    expect(decodeState('?lab=p2', '#p1').lab).toBe('p2');
  });
});
