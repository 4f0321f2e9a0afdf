/**
 * End-to-end test of the built site in real headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core). Serves apps/web-demo/dist statically, runs a small case in each lab and checks the numbers
 * the page shows against the same studies run here, in the test process (`runStudySync` / `runTask` of
 * @landscape-lab/studies), and against known values. Screenshots go to apps/web-demo/test-results/.
 *
 * Requires a prior `vite build` (turbo runs the package's build before tests).
 */
import { join } from 'node:path';
import { init } from '@landscape-lab/core-math';
import {
  type AlphaBetaResult,
  type HessianResult,
  type LinearFlowResult,
  type PhaseTransitionResult,
  type PtTrainResult,
  phaseTransition,
  runStudySync,
  runTask,
  type SplitNeuronResult,
  spuriousMinima,
} from '@landscape-lab/studies';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, haveChromium, openSite, shots } from './harness.js';

const LMIN = 0.25 - 1 / (2 * Math.PI);

describe.skipIf(!haveChromium)('web-demo in headless Chromium', () => {
  let site: Browser;
  let page: Page;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    await init();
    site = await openSite();
    page = site.page;
    pageErrors = site.errors;
    await page.goto(site.url);
  });

  afterAll(async () => {
    await site?.close();
  });

  const num = async (testid: string) =>
    Number.parseFloat((await page.getByTestId(testid).first().textContent()) ?? 'NaN');
  const text = async (testid: string) =>
    ((await page.getByTestId(testid).first().textContent()) ?? '').trim();
  const fill = async (name: string, value: string | number) => page.getByTestId(name).fill(String(value));
  const panel = (id: string) => page.locator(`section[data-lab="${id}"]`);
  const waitDone = async (id: string, attr = 'done') =>
    page.waitForSelector(`section[data-lab="${id}"][data-${attr}="true"]`, { timeout: 180_000 });

  it('shows the wasm-simd backend badge', async () => {
    await page.waitForSelector('#backend-badge[data-backend="wasm-simd"]', { timeout: 90_000 });
    expect(await page.locator('#backend-badge').textContent()).toContain('wasm-simd');
  });

  /** The first-significant-digits agreement of a number shown with `digits` significant digits. */
  const shown = (value: number, exact: number, digits: number) =>
    expect(Math.abs(value - exact), `${value} vs ${exact}`).toBeLessThanOrEqual(
      10 ** (1 - digits) * Math.abs(exact) + 1e-300,
    );

  it('teacher–student at W = V: the Hessian study’s positive-definite Hessian with λ_min = ¼ − 1/(2π)', async () => {
    await page.getByTestId('tab-ts').click();
    await fill('ts-k', 4);
    await fill('ts-n', 4);
    await page.getByTestId('ts-init').selectOption('teacher');
    await page.getByTestId('ts-run').click();
    await waitDone('ts');
    const p = panel('ts');
    const study = runStudySync<HessianResult>(
      'hessian',
      {
        W: [
          [1, 0, 0, 0],
          [0, 1, 0, 0],
          [0, 0, 1, 0],
          [0, 0, 0, 1],
        ],
      },
      1,
    ).result;
    expect(await p.getByTestId('ts-class').textContent()).toBe(study.classification);
    expect(study.classification).toBe('local-minimum');
    expect(await num('ts-final-loss')).toBeLessThan(1e-12);
    // The page shows the study's λ_min with 8 significant digits; Theorem 3 gives its value.
    shown(await num('ts-lmin'), study.lambdaMin, 8);
    expect(Math.abs((await num('ts-lmin')) - LMIN)).toBeLessThan(1e-7);
    expect(await text('ts-pd')).toBe('yes');
    await page.screenshot({ path: join(shots, 'teacher-student-global.png'), fullPage: true });
  });

  // Census seed 3 for k = n = 10: its single run ends at a spurious minimum (checked here through the study).
  const tsSpurious = () => {
    const [t] = spuriousMinima.plan(spuriousMinima.resolve({ k: [10], extra: [0], runs: 1 }), 3);
    return spuriousMinima.run(t!.params, t!.seed);
  };

  it('teacher–student spurious minimum (k = n = 10, seed 3) and the split-neuron saddle, as the studies find them', async () => {
    await fill('ts-k', 10);
    await fill('ts-n', 10);
    await fill('ts-seed', 3);
    await page.getByTestId('ts-init').selectOption('xavier');
    await page.getByTestId('ts-run').click();
    await waitDone('ts');
    const run = tsSpurious();
    expect(run.outcome).toBe('spurious');
    expect(await text('ts-outcome')).toBe('spurious');
    expect(Number.parseInt(await text('ts-iters'), 10)).toBe(run.iterations);
    shown(await num('ts-final-loss'), run.loss, 6);
    shown(await num('ts-normsum'), run.normSum, 6);
    expect(await num('ts-normsum')).toBeLessThanOrEqual(10);
    expect(await text('ts-certified')).toBe('yes');
    expect(await text('ts-hprime')).toBe(run.allBlocksIndefinite ? 'yes' : 'no');
    const hs = runStudySync<HessianResult>('hessian', { W: run.W! }, 1).result;
    expect(await text('ts-class')).toBe(hs.classification);
    expect(hs.classification).toBe('local-minimum');
    shown(await num('ts-lmin'), hs.lambdaMin, 8);
    expect(hs.lambdaMin).toBeCloseTo(run.lambdaMin!, 12);
    await page.getByTestId('ts-split').click();
    await waitDone('ts', 'split');
    const sp = runStudySync<SplitNeuronResult>('split-neuron', { W: run.W!, alphas: [0.5] }, 1).result;
    const row = sp.splits.reduce((m, r) => (r.hPrimeMin < m.hPrimeMin ? r : m));
    expect(await text('ts-split-neuron')).toMatch(new RegExp(`^${row.neuron + 1} into`));
    expect(await text('ts-split-class')).toBe(row.classification);
    expect(row.classification).toBe('strict-saddle');
    const measured = await num('ts-split-measured');
    const predicted = await num('ts-split-predicted');
    shown(measured, row.measuredCurvature, 8);
    shown(predicted, row.predictedCurvature, 8);
    expect(measured).toBeLessThan(0);
    // Lemma 29 makes them equal up to rounding (both shown with 8 significant digits).
    expect(Math.abs(measured - predicted)).toBeLessThan(1e-6 * Math.abs(predicted) + 1e-9);
    await page.screenshot({ path: join(shots, 'teacher-student-split.png'), fullPage: true });
  });

  it('stays usable on a narrow (tablet-width) window', async () => {
    await page.setViewportSize({ width: 820, height: 1000 });
    await page.screenshot({ path: join(shots, 'teacher-student-narrow.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('phase transition: no success below n = kd, cells fill in, a cell shows its loss curves', async () => {
    await page.getByTestId('tab-p3').click();
    await fill('p3-d', 5);
    await fill('p3-nmin', 10);
    await fill('p3-nmax', 20);
    await fill('p3-nstep', 10);
    await fill('p3-kmin', 1);
    await fill('p3-kmax', 8);
    await fill('p3-trials', 2);
    await fill('p3-max-iters', 3000);
    await page.getByTestId('p3-run').click();
    await waitDone('p3');
    expect(await text('p3-done')).toBe('16/16');
    expect(await text('p3-below')).toMatch(/^0 of 4\b/);
    const rects = page.locator('section[data-lab="p3"] rect.cell-rect');
    expect(await rects.count()).toBe(16);
    // Every cell is the study's own aggregate: the same sweep run here gives the same rates, successes, iterations.
    const input = {
      d: [5],
      n: [10, 20],
      k: [1, 2, 3, 4, 5, 6, 7, 8],
      trials: 2,
      activation: 'softplus' as const,
      maxIters: 3000,
      tol: 1e-3,
    };
    const study = runStudySync<PhaseTransitionResult>('phase-transition', input, 1).result;
    expect(study.cells).toHaveLength(16);
    for (const c of study.cells) {
      const r = page.locator(`section[data-lab="p3"] rect.cell-rect[data-n="${c.n}"][data-k="${c.k}"]`);
      expect(Number(await r.getAttribute('data-rate')), `n=${c.n},k=${c.k}`).toBe(c.rate);
      expect(Number(await r.getAttribute('data-successes'))).toBe(c.successes);
      expect(await r.getAttribute('data-median-iters')).toBe(String(c.medianIters));
    }
    // kd = 40 ≥ 4n at n = 10: GD fits the labels in every trial.
    const cell = page.locator('section[data-lab="p3"] rect.cell-rect[data-n="10"][data-k="8"]');
    expect(await cell.getAttribute('data-rate')).toBe('1');
    await cell.focus();
    await page.keyboard.press('Enter');
    await waitDone('p3', 'curves');
    expect(await text('p3-cell-rate')).toBe('2/2');
    // The cell's trials are the study's tasks: their iteration counts are those of runTask here.
    const cellTasks = phaseTransition
      .plan(phaseTransition.resolve(input), 1)
      .filter((t) => t.params.kind === 'train' && t.params.n === 10 && t.params.k === 8);
    const iters = cellTasks.map((t) => (runTask(t) as PtTrainResult).iterations);
    expect(await text('p3-cell-iters')).toBe(iters.join(', '));
    // The curves come from the study's traced runs, which end exactly where the sweep's runs ended.
    expect(await text('p3-cell-agree')).toBe('yes');
    expect(await page.locator('[data-testid="p3-detail"] svg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, 'phase-transition.png'), fullPage: true });
  });

  it('phase transition: bad input is reported, and a long sweep can be cancelled', async () => {
    await fill('p3-nmin', 50);
    await fill('p3-nmax', 10);
    await page.getByTestId('p3-run').click();
    expect(await panel('p3').getByTestId('error').textContent()).toContain('n from must be ≤ n to');
    await fill('p3-nmin', 100);
    await fill('p3-nmax', 200);
    await fill('p3-max-iters', 200000);
    await page.getByTestId('p3-run').click();
    await page.getByTestId('p3-cancel').click();
    await expect.poll(() => panel('p3').getByTestId('status').textContent()).toBe('Cancelled.');
    expect(await page.getByTestId('p3-run').isEnabled()).toBe(true);
  });

  it('linear flow: convergence off the stable manifold, the saddle on it, conserved invariant, imbalance speeds up', async () => {
    await page.getByTestId('tab-p1').click();
    await fill('p1-w1', 0.5);
    await fill('p1-w2', -1.5);
    await page.getByTestId('p1-run').click();
    await waitDone('p1');
    expect(await num('p1-final-loss')).toBeLessThan(1e-8);
    // DP5 with rtol 1e-10: the invariant drifts by at most ~1e-9 over the run.
    expect(await num('p1-drift')).toBeLessThan(1e-7);
    await page.evaluate(
      () => delete (document.querySelector('section[data-lab="p1"]') as HTMLElement).dataset.done,
    );
    await fill('p1-w1', 1);
    await fill('p1-w2', -1);
    await page.getByTestId('p1-run').click();
    await waitDone('p1');
    // On w₁ = −w₂ the flow goes to the saddle at the origin, where g = 1.
    expect(Math.abs((await num('p1-final-loss')) - 1)).toBeLessThan(1e-6);
    // A click on the portrait starts a trajectory there.
    await page.evaluate(
      () => delete (document.querySelector('section[data-lab="p1"]') as HTMLElement).dataset.done,
    );
    const box = (await page.locator('[data-testid="p1-portrait-chart"] svg').first().boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.3);
    await waitDone('p1');
    expect(await num('p1-final-loss')).toBeLessThan(1e-8);
    // Sigmoidal example (P1 §1.5): the centre-stable branch w₂ = −w₁√((2 + w₁²)/2) flows into the saddle (g = 1).
    await page.getByTestId('p1-portrait').selectOption('sigmoidal');
    await page.evaluate(
      () => delete (document.querySelector('section[data-lab="p1"]') as HTMLElement).dataset.done,
    );
    await fill('p1-w1', 0.5);
    await fill('p1-w2', (-0.5 * Math.sqrt((2 + 0.25) / 2)).toFixed(12));
    // T = 8: the saddle's unstable direction (rate 2) amplifies rounding by e^{2T} ≈ 1e7, still far below 1e-3.
    await fill('p1-T', 8);
    await page.getByTestId('p1-run').click();
    await waitDone('p1');
    // Invariant w₂² − ½(1 + w₁²)² = −½ on the branch (the paper's "−1" is a typo).
    expect(Math.abs((await num('p1-invariant')) + 0.5)).toBeLessThan(1e-9);
    expect(Math.abs((await num('p1-final-loss')) - 1)).toBeLessThan(1e-3);
    await page.screenshot({ path: join(shots, 'linear-flow-sigmoidal.png'), fullPage: true });
    await page.getByTestId('p1-logc').fill('2');
    await page.getByTestId('p1-imbalance-run').click();
    await waitDone('p1', 'imbalance');
    // The linear-flow study's imbalance runs (defaults k = 3, seed 3), run here too: the page shows its numbers.
    const lf = runStudySync<LinearFlowResult>(
      'linear-flow',
      {
        depth: 2,
        width: 3,
        inDim: 1,
        outDim: 1,
        cost: 'quadratic',
        target: 1,
        product: 0.1,
        imbalance: [0, 100],
        tMax: 12,
        tol: 1e-6,
        portraits: false,
      },
      3,
    ).result;
    for (const [i, r] of lf.runs.entries()) {
      shown(await num(`p1-imb-c-${i}`), r.initialImbalance, 5);
      shown(await num(`p1-imb-t-${i}`), r.timeToTol!, 4);
      // Full flow against the reduced ODE ż = −f′(z)√(c + 4z²) (P1 eqs. 19–20): DOPRI5 at rtol 1e-10.
      expect(await num(`p1-imb-ode-${i}`)).toBeLessThan(1e-6);
    }
    // More imbalance, same product: faster (P1 Proposition 7).
    expect(await num('p1-imb-t-1')).toBeLessThan(await num('p1-imb-t-0'));
    await page.screenshot({ path: join(shots, 'linear-flow.png'), fullPage: true });
  });

  it('α-β condition: Ex. 1 holds at (2.5, 2) and fails at β = 0; the trained model gets a valid pair', async () => {
    await page.getByTestId('tab-p2').click();
    await page.getByTestId('p2-problem').selectOption('ex1');
    await fill('p2-grid', 61);
    await page.getByTestId('p2-run').click();
    await waitDone('p2');
    expect(await text('p2-check-0')).toMatch(/^holds/);
    expect(await text('p2-check-1')).toMatch(/^fails/);
    // The checks and the exact region are the alpha-beta study's (Ex. 1 on the same 61² grid), run here too.
    const ab = runStudySync<AlphaBetaResult>('alpha-beta', { example: 1, grid: 61 }, 1).result;
    expect(ab.checks).toHaveLength(2);
    for (const [i, c] of ab.checks.entries()) {
      expect(await text(`p2-check-${i}`)).toMatch(new RegExp(`^${c.valid ? 'holds' : 'fails'} `));
      if (Math.abs(c.margin) > 1e-12)
        shown(Number.parseFloat((await text(`p2-check-${i}`)).split(' ')[1]!), c.margin, 3);
    }
    expect((await text('p2-la')).split(',')[0]).toBe(`α = ${ab.region.alphaMin.toPrecision(6)}`);
    // The app's exact bound and landscape-analysis' polygon (Sutherland–Hodgman clipping) agree; 6 digits shown.
    const laEx1 = Number.parseFloat((await text('p2-la')).replace(/^α = /, ''));
    expect(Math.abs(laEx1 - (await num('p2-exact')))).toBeLessThan(1e-5 * laEx1);
    await page.screenshot({ path: join(shots, 'alpha-beta-ex1.png'), fullPage: true });
    await page.evaluate(
      () => delete (document.querySelector('section[data-lab="p2"]') as HTMLElement).dataset.done,
    );
    await page.getByTestId('p2-problem').selectOption('halfspace');
    await fill('p2-max-iters', 2000);
    await page.getByTestId('p2-run').click();
    await waitDone('p2');
    expect(await text('p2-exact')).toMatch(/^α = /);
    const own = Number.parseFloat((await text('p2-exact')).replace(/^α = /, ''));
    const la = Number.parseFloat((await text('p2-la')).replace(/^α = /, ''));
    expect(Math.abs(own - la)).toBeLessThan(1e-6 * own);
    // The run is the alpha-beta study's (half-space, f_i* = 0, seed of the form), run here too.
    const hs = runStudySync<AlphaBetaResult>(
      'alpha-beta',
      { problem: 'half-space', maxIters: 2000, seeds: 1, fStar: 'zero' },
      Number(await page.getByTestId('p2-seed').inputValue()),
    ).result;
    shown(la, hs.region.alphaMin, 8);
    shown(await num('p2-final-loss'), hs.diagnostics![0]!.finalLoss, 5);
    await page.screenshot({ path: join(shots, 'alpha-beta-halfspace.png'), fullPage: true });
  });

  it('landscape slice around the teacher–student end point', async () => {
    await page.getByTestId('tab-slice').click();
    // The built-in point, and the end points of teacher–student, phase transition (cell), linear flow and α-β.
    const options = await page.locator('#slice-source option').allTextContents();
    expect(options, options.join(' | ')).toHaveLength(5);
    await page.locator('#slice-source').selectOption('ts');
    await fill('slice-grid', 31);
    await page.getByTestId('slice-run').click();
    await waitDone('slice');
    expect(await text('slice-source-label')).toContain('Teacher–student');
    // The slice passes through the study's spurious minimum, so its minimum is at most F there (6 digits shown).
    expect(await num('slice-min')).toBeLessThanOrEqual(tsSpurious().loss * (1 + 1e-5));
    expect(Number(await text('slice-path'))).toBeGreaterThan(2);
    await page.screenshot({ path: join(shots, 'landscape-slice.png'), fullPage: true });
    // The α-β half-space run (seed 1, 2000 iterations above): the study's objective around its path, through x_K.
    await page.evaluate(
      () => delete (document.querySelector('section[data-lab="slice"]') as HTMLElement).dataset.done,
    );
    await page.locator('#slice-source').selectOption('p2');
    await page.getByTestId('slice-run').click();
    await waitDone('slice');
    expect(await text('slice-source-label')).toContain('half-space');
    const hs = runStudySync<AlphaBetaResult>(
      'alpha-beta',
      { problem: 'half-space', maxIters: 2000, seeds: 1, fStar: 'zero' },
      1,
    ).result;
    expect(await num('slice-min')).toBeLessThanOrEqual(hs.diagnostics![0]!.finalLoss * (1 + 1e-5));
    expect(Number(await text('slice-path'))).toBeGreaterThan(100);
  });

  it('teacher–student: non-convergence is reported in the page', async () => {
    await page.getByTestId('tab-ts').click();
    await fill('ts-k', 6);
    await fill('ts-n', 6);
    await fill('ts-seed', 1);
    await fill('ts-max-iters', 10);
    await page.getByTestId('ts-run').click();
    await waitDone('ts');
    expect(await text('ts-outcome')).toBe('unconverged');
    expect(await panel('ts').getByTestId('error').textContent()).toContain('did not converge');
    await fill('ts-max-iters', 200000);
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
