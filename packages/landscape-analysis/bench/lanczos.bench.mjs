// Lanczos for 10 extremal eigenpairs at dimension n = 10⁴ from matrix-free products with the structured operator
// A = diag(δ) + U Uᵀ − W Wᵀ (U, W ∈ R^{n×r}, r = 10 each; δ_i uniform in [−1, 1]) — a stand-in for a Hessian-vector
// product with a bulk and a few outliers of each sign. A product costs two core-math matvec calls per factor.
// Variants, interleaved: 10 largest, 10 smallest, 5 + 5 at both ends. Reported: median time per run, the Krylov
// dimension m reached, the largest computed residual, the time of m plain products, and the overhead ratio
// run / (m products) (reorthogonalisation and tridiagonal solves).
import { init, matvec, Rng } from '@landscape-lab/core-math';
import { lanczos } from '@landscape-lab/landscape-analysis';
import { compare, table, writeResults } from '../../core-math/bench/harness.mjs';

const backendName = await init();
const n = 10000;
const r = 10;
const rng = new Rng(2024);
const delta = rng.fillUniform(new Float64Array(n)).map((u) => 2 * u - 1);
const U = {
  rows: n,
  cols: r,
  data: rng.fillNormal(new Float64Array(n * r)).map((v) => v / Math.sqrt(n / 4)),
};
const Wm = {
  rows: n,
  cols: r,
  data: rng.fillNormal(new Float64Array(n * r)).map((v) => v / Math.sqrt(n / 3)),
};
const op = {
  dim: n,
  apply(x, out) {
    const tu = matvec(U, x, { trans: true });
    const tw = matvec(Wm, x, { trans: true });
    for (let i = 0; i < n; i++) out[i] = delta[i] * x[i];
    matvec(U, tu, { alpha: 1, beta: 1, y: out });
    matvec(Wm, tw, { alpha: -1, beta: 1, y: out });
  },
};
const runs = {
  largest: () => lanczos(op, { k: 10, which: 'largest', seed: 1, tol: 1e-8, maxIters: 300 }),
  smallest: () => lanczos(op, { k: 10, which: 'smallest', seed: 1, tol: 1e-8, maxIters: 300 }),
  'both-ends': () => lanczos(op, { k: 10, which: 'both-ends', seed: 1, tol: 1e-8, maxIters: 300 }),
};
const x = rng.fillNormal(new Float64Array(n));
const y = new Float64Array(n);
const res = compare(
  { ...runs, 'one product': () => op.apply(x, y) },
  { warmupMs: 500, rounds: 7, minRoundMs: 0 },
);
const prod = res['one product'].medianMs;
const rows = Object.entries(runs).map(([name, f]) => {
  const out = f();
  const ms = res[name].medianMs;
  return {
    which: name,
    'run (ms)': ms,
    'Krylov m': out.iterations,
    products: out.applications,
    converged: String(out.converged),
    'max residual': Math.max(...out.residuals),
    'λ range': `${out.values[0].toFixed(3)} … ${out.values[out.values.length - 1].toFixed(3)}`,
    'm products (ms)': out.applications * prod,
    'run / products': ms / (out.applications * prod),
  };
});
console.log(table(rows));
console.log(`\none product: ${prod.toFixed(3)} ms; backend: ${backendName}`);
writeResults('lanczos', {
  description:
    'lanczos k = 10 at n = 1e4, operator diag(δ) + UUᵀ − WWᵀ (r = 10 + 10) via core-math matvec; tol 1e-8; median ms',
  backend: backendName,
  productMs: prod,
  rows,
  raw: res,
});
