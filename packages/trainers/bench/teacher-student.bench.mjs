// Teacher–student (P4/SS18) population loss: cost of one gradient evaluation and of one GD step, wasm-simd vs the TS
// reference twin, interleaved; plus the Hessian at larger sizes. Identity teacher, k = n = d, Xavier-style W.
//   gradient: TeacherStudentSession.lossGrad (copies ∇F out; V stays resident) on each backend, and
//             TeacherStudent.grad (the Objective path: validates θ, copies W and V in, ∇F out) on wasm;
//   gd step:  TeacherStudentSession.gdSteps with S steps in one call, per step;
//   hessian:  TeacherStudentSession.hessian (nd×nd, copied out) per call, and one structured Hessian-vector product
//             (TeacherStudent.hvp, wasm, O((n+k)nd)) for comparison.
import { init, Rng } from '@landscape-lab/core-math';
import { gaussianMatrix, teacherStudent } from '@landscape-lab/trainers';
import { compare, table, writeResults } from '../../core-math/bench/harness.mjs';

const rows = [];
const raw = [];
for (const k of [6, 10, 20]) {
  const ts = teacherStudent({ n: k, k });
  const W0 = gaussianMatrix(new Rng(10954), k, k, 1 / Math.sqrt(k)).data;
  await init({ backend: 'reference' });
  const ref = ts.session(W0);
  await init({ backend: 'wasm-simd' });
  const wasm = ts.session(W0);
  const g = new Float64Array(ts.dim);
  const S = Math.max(2, Math.round(2e5 / (k * k * k)));
  const gd = (s) => () => {
    s.setWeights(W0);
    const r = s.gdSteps({ step: 0.1, maxIters: S });
    if (r.iterations !== S) throw new Error(`only ${r.iterations} steps`);
    return r.loss;
  };
  const grad = compare(
    {
      wasmSession: () => wasm.lossGrad(g),
      referenceSession: () => ref.lossGrad(g),
      wasmObjective: () => ts.grad(W0, g),
    },
    { warmupMs: 600, rounds: 11 },
  );
  const step = compare({ wasmGd: gd(wasm), referenceGd: gd(ref) }, { warmupMs: 600, rounds: 11 });
  wasm.dispose();
  ref.dispose();
  const us = (r, v, div = 1) => (r[v].medianMs * 1000) / div;
  const row = {
    'k=n=d': k,
    'grad wasm µs': us(grad, 'wasmSession'),
    'grad ref µs': us(grad, 'referenceSession'),
    'grad ref/wasm': us(grad, 'referenceSession') / us(grad, 'wasmSession'),
    'objective µs': us(grad, 'wasmObjective'),
    'GD step wasm µs': us(step, 'wasmGd', S),
    'GD step ref µs': us(step, 'referenceGd', S),
    'GD ref/wasm': us(step, 'referenceGd', S) / us(step, 'wasmGd', S),
  };
  rows.push(row);
  raw.push({ k, n: k, d: k, gdStepsPerCall: S, gradMedians: grad, gdMedians: step, ...row });
  console.log(table([row]));
}
console.log(`\n${table(rows)}`);

const hrows = [];
for (const k of [20, 40]) {
  const ts = teacherStudent({ n: k, k });
  const W0 = gaussianMatrix(new Rng(7), k, k, 1 / Math.sqrt(k)).data;
  await init({ backend: 'reference' });
  const ref = ts.session(W0);
  await init({ backend: 'wasm-simd' });
  const wasm = ts.session(W0);
  const x = new Rng(8).fillNormal(new Float64Array(ts.dim));
  const hx = new Float64Array(ts.dim);
  const h = compare(
    { wasm: () => wasm.hessian(), reference: () => ref.hessian(), hvp: () => ts.hvp(W0, x, hx) },
    { warmupMs: 600, rounds: 7 },
  );
  wasm.dispose();
  ref.dispose();
  const row = {
    'k=n=d': k,
    'hessian wasm ms': h.wasm.medianMs,
    'hessian ref ms': h.reference.medianMs,
    'ref/wasm': h.reference.medianMs / h.wasm.medianMs,
    'hvp wasm ms': h.hvp.medianMs,
  };
  hrows.push(row);
  console.log(table([row]));
}
console.log(`\n${table(hrows)}`);
const file = writeResults('teacher-student', {
  description:
    'Teacher–student population loss, identity teacher, k = n = d: gradient and GD-step cost (µs) and Hessian cost (ms), wasm-simd vs reference TS twin',
  gradient: raw,
  hessian: hrows,
});
console.log(`wrote ${file}`);
