/**
 * @landscape-lab/landscape-analysis — analyses of any {@link Objective} from `@landscape-lab/core-math`.
 *
 * - Curvature: dense Hessians ({@link hessian}: exact, from HVPs, or central differences, with an asymmetry
 *   diagnostic), dense spectra, Lanczos extremal eigenpairs with computed residuals, stochastic Lanczos quadrature
 *   densities and Hutchinson traces with standard errors.
 * - Critical points: {@link polish} (trust-region or Newton), {@link classify} (inertia with an explicit zero
 *   tolerance; degenerate verdicts are never hidden), {@link dedupePoints} (families up to neuron/coordinate
 *   permutations), {@link criticalPoints} (multi-start polish → group → classify), {@link splitNeuron} (P4
 *   Lemmas 28–29).
 * - Slices: interpolation, random filter-normalised / Hessian / given directions, trajectory projections.
 * - Trajectory diagnostics: PL ratio, aiming, angle, sharpness; the exact α-β region (P2); imbalance of linear nets
 *   (P1); Jacobian/NTK covariances (P3).
 *
 * Every function validates its input once and throws core-math's coded errors
 * (`<function>: invalid argument. <what> must <expectation>. Value: <actual>.`); non-convergence and indefinite
 * Hessians are results, not exceptions. Call core-math's `init()` once before use.
 *
 * @example
 * import { init } from '@landscape-lab/core-math';
 * import { classify, polish } from '@landscape-lab/landscape-analysis';
 * await init();
 * const p = polish(objective, theta0, { method: 'newton', gradTol: 1e-12 });
 * const c = classify(objective, p.theta); // { label, index, inertia, eigenvalues, zeroTol, … }
 */
export * from './alpha-beta.js';
export * from './classify.js';
export * from './critical-points.js';
export * from './dedupe.js';
export * from './density.js';
export * from './hessian.js';
export * from './imbalance.js';
export * from './ntk.js';
export * from './operator.js';
export * from './polish.js';
export * from './slices.js';
export * from './spectrum.js';
export * from './split.js';
export * from './trajectory.js';
