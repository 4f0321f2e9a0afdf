/**
 * Raw random-number exports. A generator state occupies RNG_STATE_BYTES at `state`:
 * four u32 words of xoshiro128** state, then an f64 spare normal and a u32 flag (polar method cache).
 */
export const RNG_STATE_BYTES = 32;

export interface RawRng {
  /** Seeds `state` from a 64-bit seed (lo, hi words) and a stream index (for splitting). */
  rngSeed(state: number, seedLo: number, seedHi: number, stream: number): void;
  /** Fills `out` with n uniforms in [0, 1) with 53 random bits each. */
  rngUniform(state: number, n: number, out: number): void;
  /** Fills `out` with n standard normals (Marsaglia polar method, with an exactly reproducible logarithm). */
  rngNormal(state: number, n: number, out: number): void;
}

export const RNG_NAMES = ['rngSeed', 'rngUniform', 'rngNormal'] as const satisfies readonly (keyof RawRng)[];
