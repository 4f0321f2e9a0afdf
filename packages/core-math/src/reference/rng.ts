import type { RawRng } from '../abi/rng.js';
import { nextNormal, nextUniform, type RngState, seedState } from '../rng-core.js';
import type { Mem } from './mem.js';

/** TS twins of the rng kernels: load the state from memory, run rng-core, store it back. */
export function rngTwins(m: Mem): RawRng {
  const load = (ptr: number): RngState => {
    const u = m.u32();
    const i = ptr >> 2;
    return {
      s: Uint32Array.of(u[i]!, u[i + 1]!, u[i + 2]!, u[i + 3]!),
      spare: m.f64()[(ptr + 16) >> 3]!,
      hasSpare: u[i + 6] !== 0,
    };
  };
  const save = (ptr: number, st: RngState): void => {
    const u = m.u32();
    u.set(st.s, ptr >> 2);
    m.f64()[(ptr + 16) >> 3] = st.spare;
    u[(ptr >> 2) + 6] = st.hasSpare ? 1 : 0;
  };
  return {
    rngSeed(state, seedLo, seedHi, stream) {
      const st: RngState = { s: new Uint32Array(4), spare: 0, hasSpare: false };
      seedState(st, seedLo >>> 0, seedHi >>> 0, stream >>> 0);
      save(state, st);
    },
    rngUniform(state, n, out) {
      const st = load(state);
      const f = m.f64();
      for (let i = 0; i < n; i++) f[(out >> 3) + i] = nextUniform(st);
      save(state, st);
    },
    rngNormal(state, n, out) {
      const st = load(state);
      const f = m.f64();
      for (let i = 0; i < n; i++) f[(out >> 3) + i] = nextNormal(st);
      save(state, st);
    },
  };
}
