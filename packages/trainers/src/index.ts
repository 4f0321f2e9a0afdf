/**
 * @landscape-lab/trainers — models as objectives (P1 deep linear networks, P2 toy problems / half-space / MLPs,
 * P3 shallow networks, P4/SS18 teacher–student), seeded data generators, and the optimizers that train them.
 *
 * @example
 * import { init, Rng } from '@landscape-lab/core-math';
 * import { teacherStudent } from '@landscape-lab/trainers';
 * await init();
 * const ts = teacherStudent({ n: 6, k: 6 });
 * ts.loss(new Float64Array(ts.dim)); // 3.887324…
 */
export * from './data/index.js';
export * from './models/index.js';
export * from './optim/index.js';
