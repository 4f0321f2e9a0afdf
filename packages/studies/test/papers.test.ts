import { init } from '@landscape-lab/core-math';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  cellsWithinBudget,
  compareSs18,
  type PhaseTransitionResult,
  runStudySync,
  type SpuriousMinimaResult,
  SS18_SPURIOUS_PERCENT,
  spuriousMinima,
  ss18PaperRate,
  twoProportionZ,
  wilson,
} from '../src/index.js';

beforeAll(async () => {
  await init();
});

describe('papers: SS18 reference rates', () => {
  it('hold the 42 cells of the released census (n ≤ 20) and nothing else', () => {
    expect(Object.keys(SS18_SPURIOUS_PERCENT[0])).toHaveLength(15);
    expect(Object.keys(SS18_SPURIOUS_PERCENT[1])).toHaveLength(14);
    expect(Object.keys(SS18_SPURIOUS_PERCENT[2])).toHaveLength(13);
    expect(ss18PaperRate(13, 13)).toBeCloseTo(0.73, 15);
    expect(ss18PaperRate(19, 20)).toBeCloseTo(0.491, 15);
    expect(ss18PaperRate(18, 20)).toBe(0);
    expect(ss18PaperRate(19, 21)).toBeNull(); // n = k + 2 > 20: no SS18 cell
    expect(ss18PaperRate(5, 5)).toBeNull();
    expect(ss18PaperRate(10, 13)).toBeNull();
  });
});

describe('papers: two-proportion z', () => {
  // Hand-computed: p̄ = 0.25, √(0.25·0.75·(1/100 + 1/100)) = 0.0612372, z = 0.1 / 0.0612372.
  it('matches a hand computation and the issue example (66.5% vs 73.0% over 1000 runs each)', () => {
    expect(twoProportionZ(30, 100, 20, 100)).toBeCloseTo(1.632993, 5);
    // p̄ = 0.6975, √(0.6975·0.3025·0.002) = 0.0205423, z = −0.065 / 0.0205423.
    expect(twoProportionZ(665, 1000, 730, 1000)).toBeCloseTo(-3.1642, 4);
  });

  it('is antisymmetric, zero for equal rates and for samples with no (or only) events', () => {
    expect(twoProportionZ(7, 60, 126, 1000)).toBeCloseTo(-twoProportionZ(126, 1000, 7, 60), 14);
    expect(twoProportionZ(6, 60, 100, 1000)).toBe(0);
    expect(twoProportionZ(0, 60, 0, 1000)).toBe(0);
    expect(twoProportionZ(60, 60, 1000, 1000)).toBe(0);
  });
});

describe('papers: compareSs18', () => {
  it('weights mean F and λ_min by family size and pairs each row with its SS18 cell', () => {
    const family = (count: number, loss: number, lambdaMin: number) => ({
      count,
      loss,
      gradNorm: 1e-10,
      lambdaMin,
      certified: true,
      hessianTol: 1e-12,
      normSum: 7.9,
      allBlocksIndefinite: true,
      W: [],
    });
    const result: SpuriousMinimaResult = {
      rows: [
        {
          k: 8,
          n: 8,
          d: 8,
          runs: 100,
          spurious: 4,
          global: 96,
          unconverged: 0,
          spuriousRate: 0.04,
          ci95: wilson(4, 100),
          families: [family(3, 0.02, 0.01), family(1, 0.06, 0.05)],
        },
        {
          k: 19,
          n: 21,
          d: 19,
          runs: 10,
          spurious: 0,
          global: 10,
          unconverged: 0,
          spuriousRate: 0,
          ci95: wilson(0, 10),
          families: [],
        },
      ],
    };
    const [a, b] = compareSs18(result);
    expect(a!.meanLoss).toBeCloseTo((3 * 0.02 + 0.06) / 4, 15);
    expect(a!.meanLambdaMin).toBeCloseTo((3 * 0.01 + 0.05) / 4, 15);
    expect(a!.paperRate).toBeCloseTo(0.126, 15);
    // 4/100 against 126/1000: p̄ = 130/1100.
    const pbar = 130 / 1100;
    expect(a!.z).toBeCloseTo((0.04 - 0.126) / Math.sqrt(pbar * (1 - pbar) * (1 / 100 + 1 / 1000)), 12);
    expect(b!.paperRate).toBeNull();
    expect(b!.z).toBeNull();
    expect(b!.meanLoss).toBeNull();
  });
});

describe('spurious-minima maxN', () => {
  it('drops exactly the cells with n > maxN from the plan and the rows', () => {
    const p = spuriousMinima.resolve({ k: [18, 19, 20], extra: [0, 1, 2], runs: 2, maxN: 20 });
    const cells = new Set(spuriousMinima.plan(p, 1).map((t) => `${t.params.k},${t.params.n}`));
    expect([...cells]).toEqual(['18,18', '18,19', '18,20', '19,19', '19,20', '20,20']);
    expect(() => spuriousMinima.resolve({ k: [6], maxN: 5 })).toThrow(
      expect.objectContaining({
        name: 'ArgumentError',
        code: 'E_ARG_RANGE',
        message:
          'spuriousMinima: invalid argument. maxN must be ≥ the smallest teacher width k (6). Value: 5.',
      }),
    );
  });
});

describe('phase-transition budgets', () => {
  it('the successes within a smaller budget are exactly those of a run with that budget', () => {
    const input = { d: [6], n: [12, 24], k: [2, 4, 6], trials: 3, activation: 'softplus', maxIters: 3000 };
    const full = runStudySync<PhaseTransitionResult>('phase-transition', input, 5);
    const small = runStudySync<PhaseTransitionResult>('phase-transition', { ...input, maxIters: 700 }, 5);
    const derived = cellsWithinBudget(full.params as never, full.result, 700);
    expect(derived.map((c) => c.successes)).toEqual(small.result.cells.map((c) => c.successes));
    expect(derived.map((c) => c.successIters)).toEqual(small.result.cells.map((c) => c.successIters));
    // Not a vacuous check: the budget changes some cell.
    expect(derived.map((c) => c.successes)).not.toEqual(full.result.cells.map((c) => c.successes));
    expect(() => cellsWithinBudget(full.params as never, full.result, 3001)).toThrow(
      expect.objectContaining({
        name: 'ArgumentError',
        code: 'E_ARG_RANGE',
        message: 'cellsWithinBudget: invalid argument. budget must be an integer in [1, 3000]. Value: 3001.',
      }),
    );
  });
});
