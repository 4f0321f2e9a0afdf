import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, outputs, tmp } from './helpers.js';

function csv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [cols[j]!, v])));
}

describe('reproduce', () => {
  it('ss18-tables (quick): one table per student excess beside the paper, with correct z-scores', () => {
    const dir = tmp();
    const r = cli(['reproduce', 'ss18-tables', '--out', dir, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const rows = csv(join(dir, 'ss18-tables.csv'));
    const census = new Map(csv(join(dir, 'rows.csv')).map((c) => [`${c.k},${c.n}`, c]));
    const families = csv(join(dir, 'families.csv'));
    expect(families.length).toBeGreaterThan(0); // the quick census finds spurious minima at n = k (k ≥ 6)
    // k = 6…9 × n = k, k + 1, k + 2 (all ≤ 20), 60 runs each.
    expect(rows.map((x) => `${x.k},${x.n}`)).toEqual(
      [6, 7, 8, 9].flatMap((k) => [0, 1, 2].map((e) => `${k},${k + e}`)),
    );
    expect([...census.keys()]).toEqual(rows.map((x) => `${x.k},${x.n}`));
    // The paper column is the table: n = k 0.3, 5.5, 12.6, 21.8; n = k + 1 (8, 9): 0.1.
    const paper = Object.fromEntries(rows.map((x) => [`${x.k},${x.n}`, Number(x.paperRate)]));
    expect(paper['6,6']).toBeCloseTo(0.003, 12);
    expect(paper['7,7']).toBeCloseTo(0.055, 12);
    expect(paper['8,8']).toBeCloseTo(0.126, 12);
    expect(paper['9,9']).toBeCloseTo(0.218, 12);
    expect(paper['8,9']).toBeCloseTo(0.001, 12);
    expect(paper['9,11']).toBe(0);
    for (const x of rows) {
      expect(Number(x.runs)).toBe(60);
      expect(Number(x.paperRuns)).toBe(1000);
      // z from the CSV's own counts: pooled two-proportion statistic.
      const n1 = Number(x.runs);
      const x1 = Number(x.spurious);
      const x2 = Math.round(Number(x.paperRate) * 1000);
      const pbar = (x1 + x2) / (n1 + 1000);
      const se = Math.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / 1000));
      const z = se > 0 ? (x1 / n1 - x2 / 1000) / se : 0;
      expect(Number(x.z)).toBeCloseTo(z, 10);
      expect(Number(x.rate)).toBeCloseTo(x1 / n1, 12);
      // The counts and interval are the census's own (rows.csv, written by the same run), not restated.
      const c = census.get(`${x.k},${x.n}`)!;
      expect([n1, x1]).toEqual([Number(c.runs), Number(c.spurious)]);
      expect(Number.isInteger(x1) && x1 >= 0 && x1 <= n1).toBe(true);
      const [lo, hi] = [Number(x.ci95Lo), Number(x.ci95Hi)];
      expect([lo, hi]).toEqual([Number(c.ci95Lo), Number(c.ci95Hi)]);
      // 95% Wilson score interval: each endpoint p solves (p̂ − p)² = z²·p(1 − p)/n (z = Φ⁻¹(0.975)), with
      // lo = 0 exactly when p̂ = 0 and hi = 1 exactly when p̂ = 1; p̂ lies strictly inside otherwise.
      const z975 = 1.959963984540054;
      const phat = x1 / n1;
      expect(lo).toBeLessThanOrEqual(phat);
      expect(hi).toBeGreaterThanOrEqual(phat);
      for (const [e, clamped] of [
        [lo, x1 === 0],
        [hi, x1 === n1],
      ] as const) {
        if (clamped) expect(e).toBe(x1 === 0 ? 0 : 1);
        else expect((phat - e) ** 2 - (z975 * z975 * e * (1 - e)) / n1).toBeCloseTo(0, 12);
      }
      // The means are count-weighted over the cell's families in families.csv; every spurious run is in one.
      const fams = families.filter((f) => f.k === x.k && f.n === x.n);
      const count = fams.reduce((t, f) => t + Number(f.count), 0);
      expect(count).toBe(x1);
      if (x1 === 0) expect([x.meanLoss, x.meanLambdaMin]).toEqual(['', '']);
      else {
        const mean = (col: string) => fams.reduce((t, f) => t + Number(f.count) * Number(f[col]), 0) / count;
        expect(Number(x.meanLoss)).toBeCloseTo(mean('loss'), 12);
        expect(Number(x.meanLambdaMin)).toBeCloseTo(mean('lambdaMin'), 12);
        expect(Number(x.meanLambdaMin)).toBeGreaterThan(0); // certified minima
      }
      if (x1 > 0) expect(Number(x.meanLoss)).toBeGreaterThanOrEqual(1e-3); // spurious means F ≥ 1e−3
    }
    const md = readFileSync(join(dir, 'ss18-tables.md'), 'utf8');
    for (const title of ['## Table 1 (n = k)', '## Table 2 (n = k + 1)', '## n = k + 2'])
      expect(md).toContain(title);
    const tableRows = md.split('\n').filter((l) => /^\| \d+ \| \d+ \|/.test(l));
    expect(tableRows).toHaveLength(12);
    const within = rows.filter((x) => Math.abs(Number(x.z)) <= 2).length;
    expect(md).toContain(`**${within} of 12 cells with a paper value are within two standard errors.**`);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
    expect(result.command).toBe('reproduce ss18-tables');
    expect(result.params).toMatchObject({
      protocol: 'ss18',
      k: [6, 7, 8, 9],
      extra: [0, 1, 2],
      maxN: 20,
      runs: 60,
    });
    expect(result.agreement).toMatchObject({ cells: 12, within });
    const svg = readFileSync(join(dir, 'ss18-vs-paper.svg'), 'utf8');
    expect(svg).toContain('SS18, n = k + 1');
    expect((svg.match(/stroke-dasharray="5 4"/g) ?? []).length).toBeGreaterThanOrEqual(3);
  });

  it('p4-census (quick) shards and merges to the unsharded files: the path its paper scale takes on a cluster', () => {
    const whole = tmp();
    const r = cli(['reproduce', 'p4-census', '--out', whole, '--workers', '1', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    // Spec §4.6 claim 5 (P4 §4.5): every spurious minimum found has λ_min(H) > 0, Σ‖w_i‖ ≤ k and all H′_ii indefinite.
    expect(r.stdout).toMatch(
      /Over all [1-9]\d* spurious minima: λ_min\(H\) > 0 in 100\.0%, Σ‖w_i‖ ≤ k in 100\.0%, every H′_ii indefinite in 100\.0% \(P4: 100% for each\)\./,
    );
    const dir = tmp();
    for (const i of [0, 1]) {
      const s = cli(['reproduce', 'p4-census', '--shard', `${i}/2`, '--out', dir, '--quiet']);
      expect(s.status, s.stderr).toBe(0);
    }
    const m = cli(['merge', dir]);
    expect(m.status, m.stderr).toBe(0);
    expect(outputs(dir)).toEqual(outputs(whole));
    expect(Object.keys(outputs(whole))).toContain('norm-sum-k20.svg');
    const facts = JSON.parse(readFileSync(join(whole, 'result.json'), 'utf8')).facts as {
      k: number;
      spurious: number;
      runs: number;
      certified: number | null;
      normSumAtMostK: number | null;
      allBlocksIndefinite: number | null;
      normSumMin: number | null;
      normSumMax: number | null;
      paperNormSumRange: number[] | null;
    }[];
    expect(facts.map((f) => f.k)).toEqual([6, 8, 10, 12, 15, 20]);
    expect(facts.at(-1)!.paperNormSumRange).toEqual([19.98, 20]);
    // What the README's p4-census row states for the quick scale (seed 1): 48 spurious minima, at every one of them
    // λ_min(H) > 0, Σ‖w_i‖ ≤ k and every H′_ii indefinite (P4 §4.5 / claim 5); k = 20: all 20 runs spurious, with
    // Σ‖w_i‖ inside P4 Fig. 1's range 19.98–20.00.
    expect(facts.reduce((s, f) => s + f.spurious, 0)).toBe(48);
    for (const f of facts.filter((x) => x.spurious > 0))
      expect([f.certified, f.normSumAtMostK, f.allBlocksIndefinite], `k = ${f.k}`).toEqual([1, 1, 1]);
    const k20 = facts.at(-1)!;
    expect([k20.spurious, k20.runs]).toEqual([20, 20]);
    expect(k20.normSumMin!).toBeGreaterThanOrEqual(19.98);
    expect(k20.normSumMax!).toBeLessThanOrEqual(20);

    const script = tmp();
    const sub = cli([
      'submit',
      'reproduce',
      'p4-census',
      '--scale',
      'paper',
      '--shards',
      '8',
      '--out',
      script,
      '--dry-run',
    ]);
    expect(sub.status, sub.stderr).toBe(0);
    expect(readFileSync(join(script, 'job.sbatch'), 'utf8')).toMatch(
      /\nexec \S+ \S+ reproduce p4-census --scale paper --out \S+ --workers 1 --quiet --shard "\$\{SLURM_ARRAY_TASK_ID\}\/8"\n$/,
    );
  });

  it('p1-fig3: C(0,0) = −½ (P1 prints −1), manifolds on that level set, C conserved along the flow', () => {
    const dir = tmp();
    const r = cli(['reproduce', 'p1-fig3', '--out', dir, '--json', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    const sig = res.portraits.find((x: { example: string }) => x.example === 'sigmoidal');
    const lin = res.portraits.find((x: { example: string }) => x.example === 'linear');
    expect(sig.originLevel).toBe(-0.5);
    expect(lin.originLevel).toBe(0);
    // The manifolds are evaluated in closed form: only rounding (|C| ≲ 50 on [−3, 3]², so ~1e−14).
    expect(sig.manifoldLevelError).toBeLessThan(1e-12);
    // Dormand–Prince with rtol 1e−9: C drifts by at most ~1e−9 times its size (≤ 50) along a trajectory.
    expect(sig.trajectoryDrift).toBeLessThan(1e-7);
    // The last two trajectories of each portrait start on the stable manifold and end near the origin.
    expect([sig.stableEndNorms.length, lin.stableEndNorms.length]).toEqual([2, 2]);
    for (const x of [...sig.stableEndNorms, ...lin.stableEndNorms]) expect(x).toBeLessThan(1e-3);
    expect(readFileSync(join(dir, 'p1-fig3.md'), 'utf8')).toContain('printed -1, eq. (10) gives -0.5');
  });

  it("p2-half-space: the paper's protocol, α under both f* beside Fig. 9's α, and the Fig. 2 angle", () => {
    const dir = tmp();
    const r = cli(['reproduce', 'p2-half-space', '--out', dir, '--json', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.params).toMatchObject({ problem: 'half-space', protocol: 'paper', seeds: 3 });
    const [ours, paper] = res.comparison.estimates;
    expect(ours.fStar).toBe('exact');
    expect(paper.fStar).toBe(0.000523853);
    // Under the exact f_i* the region is non-empty; under the paper's constant f* it is empty, because that f* lies
    // above the f* at which the paper's α would be reached (some f_i(x_K) − f* ≤ 0): the "Not reproduced" verdict.
    expect(ours.empty).toBe(false);
    expect(ours.ratioToPaper).toBeCloseTo(ours.alphaMin / 33286, 12);
    expect(paper.empty).toBe(true);
    expect(paper.alphaMin).toBeNull();
    expect(res.comparison.fStarMatchingPaper).toBeLessThan(paper.fStar);
    // Fig. 2: every run starts on the plateau, where the angle turns negative while the loss is still high.
    for (const run of res.runs) expect(run.init.kind).toBe('saddle');
    const md = readFileSync(join(dir, 'p2-half-space.md'), 'utf8');
    expect(md).toContain('| paper: f_i* = 0.000523853 for every i |');
    expect(md).toMatch(/\*\*Not reproduced:\*\* /);
    const fig2 = readFileSync(join(dir, 'fig2-run0.svg'), 'utf8');
    expect(fig2).toContain('cos∠ &lt; 0');
  });

  it('unknown targets and bad scales exit 2 with one line', () => {
    const a = cli(['reproduce', 'fig99']);
    expect(a.status).toBe(2);
    expect(a.stderr.trim()).toMatch(
      /^landscape-lab reproduce: invalid argument\. The reproduce target must be one of ss18-tables, p4-census, p3-phase, p1-fig3, p2-half-space\. Value: "fig99"\.$/,
    );
    const b = cli(['reproduce', 'ss18-tables', '--scale', 'huge']);
    expect(b.status).toBe(2);
    expect(b.stderr.trim()).toBe(
      'landscape-lab reproduce: invalid argument. --scale must be one of quick, paper. Value: "huge".',
    );
  });
});
