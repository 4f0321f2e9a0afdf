/**
 * The TS twin of assembly/rng.ts: xoshiro128** with a splitmix-style seeder, 53-bit uniforms and polar-method
 * normals with an IEEE-exact logarithm. Every arithmetic step mirrors the AssemblyScript one so the two give
 * bitwise-identical streams (checked by test/rng.test.ts). State: Uint32Array(4) + spare normal + flag.
 */

const f64buf = new Float64Array(1);
const u32buf = new Uint32Array(f64buf.buffer);

export function mix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Generator state, shared shape with the wasm layout. */
export interface RngState {
  s: Uint32Array;
  spare: number;
  hasSpare: boolean;
}

export function seedState(st: RngState, seedLo: number, seedHi: number, stream: number): void {
  let z = mix32((seedLo ^ mix32((seedHi ^ 0x6a09e667) >>> 0) ^ mix32((stream ^ 0xbb67ae85) >>> 0)) >>> 0);
  for (let i = 0; i < 4; i++) {
    z = (z + 0x9e3779b9) >>> 0;
    st.s[i] = mix32(z);
  }
  if ((st.s[0]! | st.s[1]! | st.s[2]! | st.s[3]!) === 0) st.s[0] = 1;
  st.spare = 0;
  st.hasSpare = false;
}

export function nextU32(st: RngState): number {
  const s = st.s;
  let s0 = s[0]!;
  let s1 = s[1]!;
  let s2 = s[2]!;
  let s3 = s[3]!;
  const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
  const t = (s1 << 9) >>> 0;
  s2 = (s2 ^ s0) >>> 0;
  s3 = (s3 ^ s1) >>> 0;
  s1 = (s1 ^ s2) >>> 0;
  s0 = (s0 ^ s3) >>> 0;
  s2 = (s2 ^ t) >>> 0;
  s3 = rotl(s3, 11);
  s[0] = s0;
  s[1] = s1;
  s[2] = s2;
  s[3] = s3;
  return result;
}

export function nextUniform(st: RngState): number {
  const a = nextU32(st) >>> 5;
  const b = nextU32(st) >>> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

/** ln s for s in (0, 1], built from exact IEEE operations only (mirrors exactLn in assembly/rng.ts). */
export function exactLn(s: number): number {
  f64buf[0] = s;
  const hi = u32buf[1]!;
  let e = ((hi >>> 20) & 0x7ff) - 1023;
  u32buf[1] = (hi & 0x000fffff) | 0x3ff00000;
  let m = f64buf[0]!;
  if (m > Math.SQRT2) {
    m = m * 0.5;
    e = e + 1;
  }
  const t = (m - 1.0) / (m + 1.0);
  const t2 = t * t;
  let p = 1.0 / 23.0;
  p = p * t2 + 1.0 / 21.0;
  p = p * t2 + 1.0 / 19.0;
  p = p * t2 + 1.0 / 17.0;
  p = p * t2 + 1.0 / 15.0;
  p = p * t2 + 1.0 / 13.0;
  p = p * t2 + 1.0 / 11.0;
  p = p * t2 + 1.0 / 9.0;
  p = p * t2 + 1.0 / 7.0;
  p = p * t2 + 1.0 / 5.0;
  p = p * t2 + 1.0 / 3.0;
  p = p * t2 + 1.0;
  const lnm = 2.0 * t * p;
  return e * 0.6931471803691238 + (e * 1.9082149292705877e-10 + lnm);
}

export function nextNormal(st: RngState): number {
  if (st.hasSpare) {
    st.hasSpare = false;
    return st.spare;
  }
  let u = 0;
  let v = 0;
  let s = 0;
  do {
    u = 2.0 * nextUniform(st) - 1.0;
    v = 2.0 * nextUniform(st) - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s === 0.0);
  const f = Math.sqrt((-2.0 * exactLn(s)) / s);
  st.spare = v * f;
  st.hasSpare = true;
  return u * f;
}
