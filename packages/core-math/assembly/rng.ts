// Seeded, splittable random numbers: xoshiro128** (Blackman & Vigna 2018) on four u32 words, seeded through a
// 32-bit splitmix-style mixer; uniforms carry 53 random bits; normals use Marsaglia's polar method with a logarithm
// built only from IEEE-exact operations (+ − × ÷ and sqrt, no libm) so this file and src/rng-core.ts produce
// bitwise-identical streams. Every operation order below is mirrored one-for-one in the TS twin.
// State layout at `state` (32 bytes): u32 s0..s3 | f64 spare normal | u32 hasSpare.

@inline function mix32(x: u32): u32 {
  x ^= x >>> 16;
  x *= 0x7feb352d;
  x ^= x >>> 15;
  x *= 0x846ca68b;
  x ^= x >>> 16;
  return x;
}

@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

export function rngSeed(state: usize, seedLo: u32, seedHi: u32, stream: u32): void {
  let z: u32 = mix32(seedLo ^ mix32(seedHi ^ 0x6a09e667) ^ mix32(stream ^ 0xbb67ae85));
  for (let i = 0; i < 4; i++) {
    z += 0x9e3779b9;
    store<u32>(state + (<usize>i << 2), mix32(z));
  }
  if ((load<u32>(state) | load<u32>(state, 4) | load<u32>(state, 8) | load<u32>(state, 12)) == 0) store<u32>(state, 1);
  store<f64>(state, 0.0, 16);
  store<u32>(state, 0, 24);
}

@inline function next(state: usize): u32 {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
  return result;
}

@inline function uniform(state: usize): f64 {
  const a = <f64>(next(state) >>> 5);
  const b = <f64>(next(state) >>> 6);
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

// Natural log for s in (0, 1]: s = m·2^e with m in [√½, √2), ln m = 2·atanh(t), t = (m − 1)/(m + 1), |t| ≤ 0.1716;
// the odd series to t^23 leaves a truncation error below 2e−17·|ln m|.
function exactLn(s: f64): f64 {
  const bits = reinterpret<u64>(s);
  let e = <i32>((bits >> 52) & 0x7ff) - 1023;
  let m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (m > 1.4142135623730951) {
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
  const fe = <f64>e;
  return fe * 0.6931471803691238 + (fe * 1.9082149292705877e-10 + lnm);
}

@inline function normal(state: usize): f64 {
  if (load<u32>(state, 24) != 0) {
    store<u32>(state, 0, 24);
    return load<f64>(state, 16);
  }
  let u: f64 = 0;
  let v: f64 = 0;
  let s: f64 = 0;
  do {
    u = 2.0 * uniform(state) - 1.0;
    v = 2.0 * uniform(state) - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const f = Math.sqrt((-2.0 * exactLn(s)) / s);
  store<f64>(state, v * f, 16);
  store<u32>(state, 1, 24);
  return u * f;
}

export function rngUniform(state: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), uniform(state));
}

export function rngNormal(state: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), normal(state));
}
