// Per-step cost of full-batch GD on the P3 shallow network, wasm-simd vs the TS reference twin, interleaved.
// Variants (same data, same W0, same step):
//   wasm session     — ShallowNetSession.gdSteps: S steps in ONE wasm call (the phase-transition sweep's path);
//   reference session — the same call on the reference backend (pure-TS twin of the kernel);
//   wasm objective   — ShallowNet.grad (copies X, y, v, W in and ∇L out every step) + a TS update, i.e. what a generic
//                      optimizer loop over the Objective costs.
// The step is small (1e−4) so the loss stays finite and every call performs exactly S steps (checked).
import { init, Rng } from '@landscape-lab/core-math';
import { gaussianLabels, gaussianMatrix, shallowNet, unitNormInputs } from '@landscape-lab/trainers';
import { compare, table, writeResults } from '../../core-math/bench/harness.mjs';

const SIZES = [
  [100, 10, 20],
  [400, 20, 40],
  [1000, 50, 50],
];
const ACTS = ['softplus', 'relu'];
const rows = [];
const raw = [];
for (const activation of ACTS)
  for (const [n, d, k] of SIZES) {
    const rng = new Rng(2026);
    const net = shallowNet({
      X: unitNormInputs(rng.split(0), n, d),
      y: gaussianLabels(rng.split(1), n),
      k,
      activation,
    });
    const W0 = gaussianMatrix(rng.split(2), k, d).data;
    const flops = 4 * n * k * d;
    // Steps per call: about 1 ms of wasm work (≈ 4 GFLOP/s), at least 2.
    const S = Math.max(2, Math.round(4e6 / flops));
    const eta = 1e-4;
    await init({ backend: 'reference' });
    const ref = net.session(W0);
    await init({ backend: 'wasm-simd' });
    const wasm = net.session(W0);
    const W = W0.slice();
    const g = new Float64Array(net.dim);
    const step = (s) => () => {
      const r = s.gdSteps({ step: eta, maxIters: S });
      if (r.iterations !== S) throw new Error(`only ${r.iterations} of ${S} steps`);
      return r.loss;
    };
    const res = compare(
      {
        wasmSession: step(wasm),
        referenceSession: step(ref),
        wasmObjective: () => {
          let L = 0;
          for (let t = 0; t < S; t++) {
            L = net.grad(W, g);
            for (let p = 0; p < W.length; p++) W[p] -= eta * g[p];
          }
          return L;
        },
      },
      { warmupMs: 600, rounds: 11 },
    );
    wasm.dispose();
    ref.dispose();
    const us = (v) => (res[v].medianMs * 1000) / S;
    const row = {
      activation,
      'n,d,k': `${n},${d},${k}`,
      'wasm µs/step': us('wasmSession'),
      'ref µs/step': us('referenceSession'),
      'ref/wasm': us('referenceSession') / us('wasmSession'),
      'wasm GFLOP/s': flops / (us('wasmSession') * 1e3),
      'objective µs/step': us('wasmObjective'),
      'objective/session': us('wasmObjective') / us('wasmSession'),
    };
    rows.push(row);
    raw.push({ activation, n, d, k, stepsPerCall: S, step: eta, medians: res, ...row });
    console.log(table([row]));
  }
console.log(`\n${table(rows)}`);
const file = writeResults('shallow-gd', {
  description:
    'Full-batch GD on the P3 shallow net: µs per step, wasm-simd session vs reference (TS twin) session vs wasm through Objective.grad',
  unit: 'µs per GD step (median of interleaved rounds)',
  rows: raw,
});
console.log(`wrote ${file}`);
