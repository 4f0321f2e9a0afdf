// Side by side with numpy, in one run: the wasm kernels vs the plain numpy code a researcher would write
// (bench/peers/numpy_peer.py, single-threaded BLAS). Rounds alternate wasm, numpy, wasm, numpy, … (numpy runs in one
// persistent Python process that answers one request per round), and we report medians and ratios.
//   shallow  full-batch GD step on the P3 shallow net, softplus and relu, (n, d, k) as in issue 10;
//   tsgrad   teacher–student loss + gradient (identity teacher, k = n = d, both sides form the teacher term);
//   census   SS18 GD runs to their stopping rule (step 0.1, max_i ‖∂F/∂w_i‖ ≤ 1e−9, F < 1e−3 counts as global,
//            200000-step cap) from the SAME initial points on both sides: wasm one run after another (one
//            TeacherStudentSession.gdSteps call per run, as the study does with one worker), numpy batched over all
//            runs at once (finished runs masked out). GD only: the Hessian classification of spurious end points is
//            not part of either side.
// When `python3 -c 'import numpy'` fails, the numpy columns are skipped with the reason printed and recorded.
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { init, Rng, teacherStudentSession } from '@landscape-lab/core-math';
import {
  gaussianLabels,
  gaussianMatrix,
  shallowNet,
  teacherStudent,
  unitNormInputs,
} from '@landscape-lab/trainers';
import { compare, median, table, writeResults } from '../../core-math/bench/harness.mjs';

const peerPath = fileURLToPath(new URL('./peers/numpy_peer.py', import.meta.url));
// The numpy peer runs single-threaded; this machine's OpenBLAS tuning variables are unset for that command only.
const peerEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
delete peerEnv.OPENBLAS_CORETYPE;
delete peerEnv.OPENBLAS_L2_SIZE;

function startPeer() {
  const probe = spawnSync('python3', ['-c', 'import numpy'], { env: peerEnv, encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const why = probe.error
      ? String(probe.error.message)
      : (probe.stderr.trim().split('\n').pop() ?? 'unknown');
    return { skip: `numpy peer skipped: \`python3 -c 'import numpy'\` failed (${why})` };
  }
  const child = spawn('python3', [peerPath, 'serve'], { env: peerEnv, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async (c, args) => {
    child.stdin.write(`${JSON.stringify({ case: c, args })}\n`);
    const { value, done } = await lines.next();
    if (done) throw new Error('numpy peer exited');
    return JSON.parse(value);
  };
  return { ask, close: () => child.stdin.end(), ready: lines.next().then((l) => JSON.parse(l.value)) };
}

const peer = startPeer();
const numpyVersion = peer.skip ? null : (await peer.ready).numpy;
if (peer.skip) console.log(peer.skip);
else console.log(`numpy ${numpyVersion} (single-threaded), interleaved with wasm`);

/** Alternates `rounds` wasm rounds (median ms of `compare`) with numpy rounds; both in seconds per unit. */
async function sideBySide(wasmUnit, numpyReq, rounds) {
  const w = [];
  const p = [];
  for (let r = 0; r < rounds; r++) {
    w.push(compare({ wasm: wasmUnit }, { warmupMs: r === 0 ? 600 : 100, rounds: 3 }).wasm.medianMs / 1e3);
    if (!peer.skip) p.push(...(await peer.ask(numpyReq.case, numpyReq.args)).secondsPerUnit);
  }
  return { wasm: median(w), numpy: peer.skip ? null : median(p), wasmSamples: w, numpySamples: p };
}

// The 1-minute load average before and after: these VMs are shared, and only the interleaved ratios are robust.
const out = {
  numpy: numpyVersion,
  skipped: peer.skip ?? null,
  loadAverageBefore: loadavg()[0],
  shallow: [],
  tsgrad: [],
  census: [],
};
await init({ backend: 'wasm-simd' });

// --- shallow-net GD step ---------------------------------------------------------------------------------------
for (const activation of ['softplus', 'relu'])
  for (const [n, d, k] of [
    [100, 10, 20],
    [400, 20, 40],
    [1000, 50, 50],
  ]) {
    const rng = new Rng(2026);
    const net = shallowNet({
      X: unitNormInputs(rng.split(0), n, d),
      y: gaussianLabels(rng.split(1), n),
      k,
      activation,
    });
    const s = net.session(gaussianMatrix(rng.split(2), k, d).data);
    const S = Math.max(2, Math.round(4e6 / (4 * n * k * d)));
    const r = await sideBySide(
      () => {
        const g = s.gdSteps({ step: 1e-4, maxIters: S });
        if (g.iterations !== S) throw new Error('short run');
      },
      { case: 'shallow', args: { n, d, k, activation, steps: S, rounds: 3, seed: 1 } },
      15,
    );
    s.dispose();
    const row = {
      activation,
      'n,d,k': `${n},${d},${k}`,
      'wasm µs/step': (r.wasm * 1e6) / S,
      'numpy µs/step': r.numpy === null ? null : r.numpy * 1e6,
      'numpy/wasm': r.numpy === null ? null : r.numpy / (r.wasm / S),
      'wasm GFLOP/s': (4 * n * k * d) / ((r.wasm / S) * 1e9),
    };
    console.log(table([row]));
    out.shallow.push({ activation, n, d, k, stepsPerCall: S, ...row, raw: r });
  }

// --- teacher–student gradient ----------------------------------------------------------------------------------
for (const k of [10, 16, 20]) {
  const ts = teacherStudent({ n: k, k });
  const s = ts.session(gaussianMatrix(new Rng(10954), k, k, 1 / Math.sqrt(k)).data);
  const g = new Float64Array(ts.dim);
  const reps = Math.max(20, Math.round(2e6 / (k * k * k)));
  const r = await sideBySide(
    () => s.lossGrad(g),
    { case: 'tsgrad', args: { k, reps, rounds: 3, seed: 1 } },
    15,
  );
  s.dispose();
  const row = {
    'k=n=d': k,
    'wasm µs': r.wasm * 1e6,
    'numpy µs': r.numpy === null ? null : r.numpy * 1e6,
    'numpy/wasm': r.numpy === null ? null : r.numpy / r.wasm,
  };
  console.log(table([row]));
  out.tsgrad.push({ k, ...row, raw: r });
}

// --- SS18 census throughput (GD runs to the stopping rule, one worker) ------------------------------------------
const SS18 = { step: 0.1, gradTol: 1e-9, lossThreshold: 1e-3, maxIters: 200000 };
for (const [k, runs] of [
  [10, 60],
  [16, 24],
]) {
  const V = { rows: k, cols: k, data: new Float64Array(k * k) };
  for (let i = 0; i < k; i++) V.data[i * k + i] = 1;
  const W0s = [];
  for (let r = 0; r < runs; r++) {
    const W0 = new Float64Array(k * k);
    new Rng(1000 + r).fillNormal(W0);
    for (let i = 0; i < W0.length; i++) W0[i] /= Math.sqrt(k); // SS18: randn/√d, d = k
    W0s.push(W0);
  }
  const wasmRun = () => {
    const t0 = performance.now();
    const res = W0s.map((W0) => {
      const s = teacherStudentSession(V, { rows: k, cols: k, data: W0 });
      try {
        return s.gdSteps({
          step: SS18.step,
          maxIters: SS18.maxIters,
          gradTol: SS18.gradTol,
          gradNorm: 'maxNeuron',
          divergeAbove: 1e4,
          lossBelow: SS18.lossThreshold,
        });
      } finally {
        s.dispose();
      }
    });
    return { secs: (performance.now() - t0) / 1e3, res };
  };
  const req = {
    k,
    W0: W0s.map((W0) => Array.from({ length: k }, (_, i) => Array.from(W0.subarray(i * k, (i + 1) * k)))),
    ...SS18,
  };
  const w = [];
  const p = [];
  let last;
  let lastNp;
  for (let rep = 0; rep < 3; rep++) {
    last = wasmRun();
    w.push(last.secs / runs);
    if (!peer.skip) {
      lastNp = await peer.ask('census', req);
      p.push(lastNp.secondsPerUnit[0]);
    }
  }
  const spurious = last.res.filter((r) => r.status === 'converged' && r.loss >= SS18.lossThreshold).length;
  const iters = last.res.reduce((a, r) => a + r.iterations, 0);
  let agree = null;
  if (lastNp) {
    const npSpur = lastNp.loss.filter(
      (L, i) => L >= SS18.lossThreshold && lastNp.iterations[i] < SS18.maxIters,
    );
    agree = npSpur.length === spurious;
  }
  const row = {
    'k=n=d': k,
    runs,
    'wasm ms/run': median(w) * 1e3,
    'numpy ms/run': peer.skip ? null : median(p) * 1e3,
    'numpy/wasm': peer.skip ? null : median(p) / median(w),
    'wasm runs/s': 1 / median(w),
    spurious,
    'GD steps (wasm)': iters,
  };
  console.log(table([row]));
  out.census.push({ k, ...row, spuriousCountAgreesWithNumpy: agree, wasmSamples: w, numpySamples: p });
}
if (!peer.skip) peer.close();
out.loadAverageAfter = loadavg()[0];

console.log(`\n${table(out.shallow.map(({ raw, stepsPerCall, n, d, k, activation, ...r }) => r))}`);
console.log(`\n${table(out.tsgrad.map(({ raw, k, ...r }) => r))}`);
console.log(
  `\n${table(out.census.map(({ wasmSamples, numpySamples, k, spuriousCountAgreesWithNumpy, ...r }) => r))}`,
);
const file = writeResults('numpy-peer', {
  description:
    'wasm-simd vs plain single-threaded numpy (bench/peers/numpy_peer.py), interleaved rounds, medians: shallow-net GD step, teacher–student loss+gradient, SS18 census GD runs (numpy batched over runs)',
  unit: 'µs per step / per gradient; ms per census run',
  ...out,
});
console.log(`wrote ${file}`);
