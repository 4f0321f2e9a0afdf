/**
 * The α-β condition of P2 (Islamov et al. 2024): samples, the exact valid region, and checks of given pairs.
 *
 * Definition (P2 §2.1, Definition 1): f = (1/m) Σ_i f_i satisfies the α-β condition at x when, for some
 * x_p ∈ Proj(x, S) and every i,
 *   ⟨∇f_i(x), x − x_p⟩ ≥ α (f_i(x) − f_i(x_p)) − β (f_i(x) − f_i*).
 * Writing g = ⟨∇f_i(x), x − x_p⟩, a = f_i(x) − f_i(x_p) and b = f_i(x) − f_i*, one sample's slack is the affine
 * function T(α, β) = g − α a + β b, and the condition is T ≥ 0. From a trajectory the paper (P2 §2.4) takes the last
 * iterate x_K as x_p for every k and the sampled mini-batch loss as f_i; each iterate then gives one (g_k, a_k, b_k).
 *
 * The modules: `alpha-beta/samples.ts` (recording samples along a trajectory or on a grid), `alpha-beta/margin.ts`
 * (checking one pair), `alpha-beta/region.ts` (the exact valid region by polygon clipping, and α_min(β)) and
 * `alpha-beta/gap-line.ts` (the closed form on β = α − minGap). This file re-exports them.
 * @see P2 §2.1 (Definition 1), §2.2 (toy examples), §2.4 (estimation from trajectories)
 */
export * from './alpha-beta/gap-line.js';
export * from './alpha-beta/margin.js';
export * from './alpha-beta/region.js';
export * from './alpha-beta/samples.js';
