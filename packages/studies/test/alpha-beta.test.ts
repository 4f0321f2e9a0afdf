import { init } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AbRunLosses,
  type AlphaBetaParams,
  type AlphaBetaResult,
  alphaBetaEstimate,
  fStarForAlpha,
  P2_HALF_SPACE,
  runStudySync,
  STUDIES,
} from '../src/index.js';

beforeAll(async () => {
  await init();
});

const EPS = 2 ** -52;
const run = (input: Record<string, unknown>, seed: number) =>
  runStudySync<AlphaBetaResult>('alpha-beta', input, seed).result;

describe('alpha-beta: f* and the paper protocol (P2 half-space, Fig. 2 and Fig. 9)', () => {
  it('alphaBetaEstimate: moving f* toward f_i(x_K) scales α_min as gap·(f − f*)/(f(x_K) − f*) predicts', () => {
    const losses: AbRunLosses = {
      g: [0, -0.5],
      fx: [0.9, 0.3],
      fRef: [1e-3, 0.2],
      fStarExact: [1e-4, 2e-4],
      iteration: [0, 1],
      component: [3, 7],
    };
    const exact = alphaBetaEstimate([losses], 'exact', 0.1);
    // Sample 0 binds: 0.1·(0.9 − 1e−4)/(1e−3 − 1e−4) ≈ 99.99 (sample 1 gives (0.1·0.2998 + 0.5)/0.1998 ≈ 2.65).
    const pExact = (0.1 * (0.9 - 1e-4)) / (1e-3 - 1e-4);
    const c = 9.9e-4;
    const pConst = (0.1 * (0.9 - c)) / (1e-3 - c);
    const moved = alphaBetaEstimate([losses], c, 0.1);
    // Closed form: a few roundings of O(1) numbers over denominators ≥ 1e−5.
    expect(Math.abs(exact.gapLine.alphaMin - pExact) / pExact).toBeLessThan((8 * EPS) / 9e-4);
    expect(Math.abs(moved.gapLine.alphaMin - pConst) / pConst).toBeLessThan((8 * EPS) / 1e-5);
    expect(moved.alphaMin / exact.alphaMin).toBeCloseTo(pConst / pExact, 6);
    expect(exact.gapLine.binding).toEqual({
      run: 0,
      iteration: 0,
      component: 3,
      numerator: 0.1 * (0.9 - 1e-4) - 0,
      denominator: exact.gapLine.binding!.denominator,
    });
    // The polygon agrees with the closed form up to its box-sized rounding (α ≤ 1e9: a few ε·1e9).
    expect(Math.abs(moved.alphaMin - moved.gapLine.alphaMin)).toBeLessThan(64 * EPS * 1e9);
    // The paper's α is Fig. 9's ≈ 3.3286·10⁴ (spec §2.6); the ratio is taken against that value.
    expect(P2_HALF_SPACE.alpha).toBe(3.3286e4);
    expect(Math.abs(moved.ratioToPaper - moved.alphaMin / 3.3286e4)).toBeLessThanOrEqual(
      EPS * moved.ratioToPaper,
    );
  });

  it('--f-star at the constant found by fStarForAlpha moves our run to the paper α ≈ 3.3286e4 on the gap line', () => {
    const base = run({ problem: 'half-space' }, 2);
    const c = base.comparison!;
    expect(c.estimates.map((e) => e.fStar)).toEqual(['exact', P2_HALF_SPACE.fStar]);
    expect(Number.isFinite(c.fStarMatchingPaper)).toBe(true);
    // A second identical run with that constant: on the line β = α − 0.1 (where Fig. 9's window lies) α equals the
    // paper's. Bisection to the last bit of f*: |Δα|/α ≤ ε·f*/e ≈ 1e−16·3e−4/3e−9 ≈ 1e−11.
    const at = run({ problem: 'half-space', fStar: c.fStarMatchingPaper }, 2);
    const sel = at.comparison!.estimates[2]!;
    expect(sel.fStar).toBe(c.fStarMatchingPaper);
    expect(Math.abs(sel.gapLine.alphaMin - P2_HALF_SPACE.alpha) / P2_HALF_SPACE.alpha).toBeLessThan(1e-9);
    // Off the line the region reaches lower α: some mini-batch losses f_i(x_k) fall below this f*, so b_k < 0 there
    // and a smaller β helps. The region's α_min is at most the line's.
    expect(sel.gapLine.regionMinimum).toBe(false);
    expect(at.region.alphaMin).toBe(sel.alphaMin);
    expect(at.region.alphaMin).toBeLessThanOrEqual(sel.gapLine.alphaMin + 64 * EPS * 1e9);
    // Our exact-f_i* estimate of the same run is orders of magnitude below the paper's.
    expect(base.region.alphaMin).toBe(c.estimates[0]!.alphaMin);
    expect(base.region.alphaMin).toBeLessThan(10);
    // The paper's constant, 0.000523853, lies above min_i f_i(x_K) here: the constraints of those samples bound α
    // from above, and the region is empty.
    expect(base.diagnostics![0]!.finalComponentLossMin.value).toBeLessThan(P2_HALF_SPACE.fStar);
    expect(c.estimates[1]!.empty).toBe(true);
    expect(fStarForAlpha([], 1, 0.1)).toBeNaN();
  });

  it('paper protocol: SGD starts on the saddle plateau, where the angle turns negative with ‖∇f‖ ≈ 0 and high loss', () => {
    const r = run({ problem: 'half-space', protocol: 'paper' }, 1);
    const d = r.diagnostics![0]!;
    expect(d.init.kind).toBe('saddle');
    expect(r.region.empty).toBe(true); // f* = 0.000523853 > min_i f_i(x_K) = 5.19e−4 on this run
    const f = d.fig2;
    const neg = f.firstNegativeAngle!;
    expect(neg).not.toBeNull();
    expect(neg.cosAngle).toBeLessThan(0);
    expect(neg.iteration).toBeLessThan(100);
    // "Loss still high": the saddle's loss, far above the minimiser the saddle connects to.
    expect(neg.loss).toBeGreaterThan(d.init.saddle!.minimiserLoss + 0.3);
    // "Gradient norm nearly vanishes".
    expect(neg.gradNorm).toBeLessThan(0.01 * f.maxGradNorm);
    expect(f.iteration.length).toBe(f.loss.length);
    expect(f.cosAngle.length).toBe(f.gradNorm.length);
  });

  it('paper protocol with a small push: negative angle on the plateau, escape, and α ≈ 0.1/(f_i(x_K) − f*)', () => {
    const r = run({ problem: 'half-space', protocol: 'paper', initPush: 0.05 }, 9);
    const f = r.diagnostics![0]!.fig2;
    const neg = f.firstNegativeAngle!;
    expect(neg.loss).toBeGreaterThan(f.finalLoss + 0.5 * (f.initialLoss - f.finalLoss));
    expect(neg.gradNorm).toBeLessThan(0.05 * f.maxGradNorm);
    expect(f.finalLoss).toBeLessThan(f.initialLoss - 0.3); // SGD left the plateau
    const ours = r.comparison!.estimates[0]!;
    const b = ours.gapLine.binding!;
    // The binding sample was misclassified on the plateau (b ≈ 1, g ≈ 0): numerator ≈ gap·1.
    expect(b.numerator).toBeGreaterThan(0.09);
    expect(b.numerator).toBeLessThan(0.1);
    expect(ours.alphaMin).toBeGreaterThan(100);
    // Hence the paper's α needs f_i(x_K) − f* ≈ 0.1/3.3286e4 ≈ 3.0e−6.
    const gap = r.comparison!.gapMatchingPaper;
    expect(gap).toBeGreaterThan(0.09 / P2_HALF_SPACE.alpha);
    expect(gap).toBeLessThan(0.101 / P2_HALF_SPACE.alpha);
  });

  it('is deterministic for a seed and records its parameters', () => {
    const a = runStudySync('alpha-beta', { problem: 'half-space', protocol: 'paper', maxIters: 300 }, 7);
    const b = runStudySync('alpha-beta', { problem: 'half-space', protocol: 'paper', maxIters: 300 }, 7);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const p = a.params as Record<string, unknown>;
    expect(p).toMatchObject({ protocol: 'paper', fStar: P2_HALF_SPACE.fStar, init: 'saddle', initPush: 0 });
    const c = run({ problem: 'half-space', protocol: 'paper', maxIters: 300 }, 8);
    expect(c.diagnostics![0]!.init.x0).not.toEqual((a.result as AlphaBetaResult).diagnostics![0]!.init.x0);
  });

  it('validates protocol, f* and init', () => {
    const ab = STUDIES['alpha-beta'];
    const bad = (code: string, message: string) =>
      expect.objectContaining({ name: 'ArgumentError', code, message });
    expect(() => ab.resolve({ problem: 'mlp', protocol: 'paper' })).toThrow(
      bad(
        'E_ARG_RANGE',
        `alphaBeta: invalid argument. protocol must be 'ours' unless the problem is half-space. Value: "paper".`,
      ),
    );
    expect(() => ab.resolve({ problem: 'mlp', init: 'saddle' })).toThrow(
      bad(
        'E_ARG_RANGE',
        `alphaBeta: invalid argument. init must be 'random' unless the problem is half-space. Value: "saddle".`,
      ),
    );
    expect(() => ab.resolve({ problem: 'half-space', fStar: 'bogus' as never })).toThrow(
      bad(
        'E_ARG_RANGE',
        `alphaBeta: invalid argument. fStar must be exact, zero, paper or a finite number. Value: "bogus".`,
      ),
    );
    expect(() => ab.resolve({ example: 1, fStar: 0 })).toThrow(
      bad(
        'E_ARG_RANGE',
        `alphaBeta: invalid argument. fStar must be 'exact' for examples (their f_i* are known exactly). Value: 0.`,
      ),
    );
    expect(ab.resolve({ problem: 'half-space', fStar: 'zero' }).fStar).toBe(0);
    expect(ab.resolve({ problem: 'half-space' })).toMatchObject({
      protocol: 'ours',
      fStar: 'exact',
      init: 'random',
    });
  });
});

describe('alpha-beta checks', () => {
  it("reports each distinct pair once: the help's example repeats two default pairs of Example 1", () => {
    const { params, result } = runStudySync<AlphaBetaResult, AlphaBetaParams>(
      'alpha-beta',
      {
        example: 1,
        grid: 11,
        extraChecks: [
          [2.5, 2],
          [2.5, 0],
          [3, 1],
          [3, 1],
        ],
      },
      1,
    );
    const defaults = runStudySync<AlphaBetaResult, AlphaBetaParams>(
      'alpha-beta',
      { example: 1, grid: 11 },
      1,
    );
    const pairs = result.checks.map((c) => `${c.alpha},${c.beta}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs).toEqual([...defaults.result.checks.map((c) => `${c.alpha},${c.beta}`), '3,1']);
    expect(pairs).toContain('2.5,2');
    expect(pairs).toContain('2.5,0');
    expect(params.checks).toHaveLength(pairs.length);
  });
});
