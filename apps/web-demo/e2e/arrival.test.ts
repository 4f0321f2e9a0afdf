/**
 * End-to-end tests (headless Chromium) of what a new visitor meets: every lab shows a computed result without
 * pressing Run, each figure downloads as SVG / PNG / CSV / JSON matching what is drawn, a link with parameters
 * reopens a lab with those values (bad values get the form's error), and a run longer than a second shows its
 * progress up to 100 %.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { init } from '@landscape-lab/core-math';
import {
  type HessianResult,
  runStudySync,
  type SpuriousMinimaInput,
  spuriousMinima,
  spuriousMinimaTraced,
} from '@landscape-lab/studies';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, haveChromium, openSite, shots } from './harness.js';

const LMIN = 0.25 - 1 / (2 * Math.PI);

describe.skipIf(!haveChromium)('web-demo for a new visitor (headless Chromium)', () => {
  let site: Browser;
  let page: Page;

  beforeAll(async () => {
    await init();
    site = await openSite();
    page = site.page;
  });

  afterAll(async () => {
    await site?.close();
  });

  const text = async (testid: string) =>
    ((await page.getByTestId(testid).first().textContent()) ?? '').trim();
  const num = async (testid: string) => Number.parseFloat(await text(testid));
  // page.url() follows navigations only; history.replaceState shows up in location.href at once.
  const query = async () => new URL(await page.evaluate(() => location.href)).searchParams;
  const panel = (id: string) => page.locator(`section[data-lab="${id}"]`);
  const waitDone = async (id: string, attr = 'done') =>
    page.waitForSelector(`section[data-lab="${id}"][data-${attr}="true"]`, { timeout: 180_000 });

  /**
   * Clicks a download button and returns the file's name and bytes (Playwright's download event). A download the
   * page reports as failed fails the test. One that never starts is clicked once more, with a warning, before the
   * test fails: in some runs headless Chromium drops one download late in this test (seen on p2-side's JSON, the
   * ~21st download; no error in the page); a second click, a new user gesture, has always produced it. Cause not
   * found yet (a profile allowing multiple automatic downloads did not change it).
   */
  const download = async (testid: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const [d] = await Promise.all([
          page.waitForEvent('download', { timeout: 20_000 }),
          page.getByTestId(testid).click(),
        ]);
        const path = await d.path();
        return { name: d.suggestedFilename(), bytes: readFileSync(path) };
      } catch (e) {
        const figure = testid.replace(/-(svg|png|csv|json)$/, '');
        const shown = await page.getByTestId(`${figure}-download-error`).textContent();
        if (shown) throw new Error(`${testid}: the page reports ${shown}`);
        if (attempt >= 2) throw e;
        console.warn(`e2e: no download from ${testid} within 20 s; clicking it once more`);
      }
    }
  };
  const csvOf = (bytes: Buffer) => {
    const lines = bytes.toString('utf8').trimEnd().split('\n');
    return { header: lines[0]!, rows: lines.slice(1).map((l) => l.split(',')) };
  };

  it('every lab shows a computed result on arrival, without pressing Run', async () => {
    await page.goto(site.url);
    // Lab 1 is open first: its default sweep (d = 5, n 10…40, k 1…12, 2 trials) runs by itself.
    await waitDone('p3');
    expect(await text('p3-done')).toBe('48/48');
    expect(await text('p3-below')).toMatch(/^0 of 16\b/);
    expect(await page.locator('section[data-lab="p3"] rect.cell-rect').count()).toBe(48);
    // The other labs run their defaults the first time their tab is opened (a tab click is not Run).
    await page.getByTestId('tab-ts').click();
    await waitDone('ts');
    // The lab's default run (k = n = 6, seed 10954, SS18 step 0.1, tol 1e-9, 200000 iterations, Xavier start)
    // computed here through the studies: the page must show its census outcome and the Hessian study's label.
    const input: SpuriousMinimaInput = {
      k: [6],
      extra: [0],
      runs: 1,
      protocol: 'ss18',
      step: 0.1,
      gradTol: 1e-9,
      maxIters: 200000,
    };
    const [task] = spuriousMinima.plan(spuriousMinima.resolve(input), 10954);
    const { trace, ...run } = spuriousMinimaTraced(task!.params, task!.seed);
    const hs = runStudySync<HessianResult>('hessian', { W: trace.end }, 10954).result;
    expect(await text('ts-outcome')).toBe(run.outcome);
    expect(await text('ts-class')).toBe(hs.classification);
    // λ_min is shown with 8 significant digits: within 5e-8 relative, 1e-7 allowed.
    expect(Math.abs((await num('ts-lmin')) - hs.lambdaMin)).toBeLessThanOrEqual(
      1e-7 * Math.abs(hs.lambdaMin),
    );
    expect(await page.locator('[data-testid="ts-spectrum"] svg circle').count()).toBeGreaterThanOrEqual(36);
    await page.getByTestId('tab-p1').click();
    await waitDone('p1');
    await waitDone('p1', 'imbalance');
    // The default start (0.5, −1.5) is off the stable manifold: the flow reaches the target set.
    expect(await num('p1-final-loss')).toBeLessThan(1e-8);
    expect(await num('p1-imb-t-1')).toBeLessThan(await num('p1-imb-t-0'));
    await page.getByTestId('tab-p2').click();
    await waitDone('p2');
    expect(await text('p2-check-0')).toMatch(/^holds/);
    expect(await text('p2-check-1')).toMatch(/^fails/);
    await page.getByTestId('tab-slice').click();
    await waitDone('slice');
    // The built-in point: g = (1 − w₂w₁)² around its saddle at the origin (g = 1 there, 0 on w₁w₂ = 1).
    expect(await text('slice-source-label')).toContain('Built-in');
    expect(await num('slice-min')).toBeLessThan(1e-2);
    expect(await num('slice-max')).toBeGreaterThan(1);
    // No lab was run by a click on its Run button, and none failed.
    for (const id of ['p3', 'ts', 'p1', 'p2', 'slice'])
      expect(await panel(id).getByTestId('error').textContent()).toBe('');
    expect((await query()).get('lab')).toBe('slice');
    await page.screenshot({ path: join(shots, 'arrival-slice.png'), fullPage: true });
  });

  it('every figure with data downloads as an SVG that parses and renders, and a CSV matching its JSON', async () => {
    const seen: string[] = [];
    for (const id of ['p3', 'ts', 'p1', 'p2', 'slice']) {
      await page.getByTestId(`tab-${id}`).click();
      const figures = await panel(id)
        .locator('figure.chart')
        .evaluateAll((fs) =>
          fs
            .filter((f) => !f.querySelector<HTMLButtonElement>('button[data-testid$="-svg"]')!.disabled)
            .map((f) => f.getAttribute('data-testid')!),
        );
      for (const fig of figures) {
        const svg = await download(`${fig}-svg`);
        const check = await page.evaluate(async (t) => {
          const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
          const img = new Image();
          img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(t)}`;
          await img.decode();
          return {
            error: doc.querySelector('parsererror')?.textContent ?? null,
            marks: doc.querySelectorAll('path, rect, circle, line, image, text').length,
            width: img.naturalWidth,
          };
        }, svg.bytes.toString('utf8'));
        expect(check.error, fig).toBeNull();
        expect(check.marks, fig).toBeGreaterThan(10);
        expect(check.width, fig).toBeGreaterThan(200);
        const csv = await download(`${fig}-csv`);
        const json = await download(`${fig}-json`);
        const table = csvOf(csv.bytes);
        const meta = JSON.parse(json.bytes.toString('utf8'));
        expect(table.header, fig).toBe(meta.columns.join(','));
        expect(table.rows.length, fig).toBe(meta.data.length);
        expect(csv.name.replace(/\.csv$/, ''), fig).toBe(svg.name.replace(/\.svg$/, ''));
        expect(json.name.replace(/\.json$/, ''), fig).toBe(svg.name.replace(/\.svg$/, ''));
        seen.push(fig);
      }
    }
    // Shown on arrival with data: everything except the phase-transition cell detail (no cell selected yet).
    expect(seen.sort()).toEqual(
      [
        'p1-imbalance-chart',
        'p1-portrait-chart',
        'p2-region',
        'p2-side',
        'p3-heatmap',
        'slice-chart',
        'ts-loss',
        'ts-spectrum',
      ].sort(),
    );
  });

  it('downloads the heatmap as a standalone SVG, a PNG, and CSV / JSON rows matching its cells', async () => {
    await page.getByTestId('tab-p3').click();
    const rects = page.locator('section[data-lab="p3"] rect.cell-rect');
    const shown = new Map<string, string>();
    for (const r of await rects.all())
      shown.set(
        `${await r.getAttribute('data-n')},${await r.getAttribute('data-k')}`,
        (await r.getAttribute('data-rate'))!,
      );
    expect(shown.size).toBe(48);

    const svg = await download('p3-heatmap-svg');
    expect(svg.name).toMatch(
      /^phase-transition_heatmap_d-5_nmin-10_nmax-40_.*_seed-1_activation-softplus\.svg$/,
    );
    const svgText = svg.bytes.toString('utf8');
    expect(svgText).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // Parsed as XML (not HTML), the cells are there with their colours inlined, and it renders on its own.
    const parsed = await page.evaluate(async (t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      const cells = [...doc.querySelectorAll('rect.cell-rect')];
      const img = new Image();
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(t)}`;
      await img.decode();
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        ns: doc.documentElement.namespaceURI,
        cells: cells.length,
        inlined: cells.every((c) => /(^|;)fill:rgb/.test(c.getAttribute('style') ?? '')),
        size: [img.naturalWidth, img.naturalHeight],
      };
    }, svgText);
    expect(parsed.error).toBeNull();
    expect(parsed.ns).toBe('http://www.w3.org/2000/svg');
    expect(parsed.cells).toBe(48);
    expect(parsed.inlined).toBe(true);
    expect(parsed.size[0]).toBeGreaterThan(200);

    const png = await download('p3-heatmap-png');
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // IHDR: the canvas is the SVG at twice its size.
    const [w, h] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
    const [sw, sh] = /viewBox="0 0 (\d+) (\d+)"/.exec(svgText)!.slice(1).map(Number) as [number, number];
    expect([w, h]).toEqual([2 * sw, 2 * sh]);

    const csv = csvOf((await download('p3-heatmap-csv')).bytes);
    expect(csv.header).toBe('n,k,kd,trials,trials_done,successes,success_rate');
    expect(csv.rows).toHaveLength(48);
    for (const [n, k, kd, trials, done, ok, rate] of csv.rows) {
      expect(Number(kd)).toBe(5 * Number(k));
      expect([trials, done]).toEqual(['2', '2']);
      expect(Number(rate)).toBe(Number(ok) / 2);
      expect(Number(rate)).toBe(Number(shown.get(`${n},${k}`)));
    }

    const json = JSON.parse((await download('p3-heatmap-json')).bytes.toString('utf8'));
    expect(json).toMatchObject({ lab: 'phase-transition', figure: 'heatmap', seed: 1, backend: 'wasm-simd' });
    expect(json.params).toMatchObject({ d: '5', trials: '2', 'max-iters': '3000', activation: 'softplus' });
    expect(json.versions['@landscape-lab/core-math']).toMatch(/^\d+\.\d+\.\d+/);
    expect(json.data).toHaveLength(48);
    expect(new URL(json.link).searchParams.get('lab')).toBe('p3');
  });

  it('the slice CSV has one row per grid point and the loss-curve CSV ends where GD stopped', async () => {
    await page.getByTestId('tab-slice').click();
    const slice = csvOf((await download('slice-chart-csv')).bytes);
    expect(slice.header).toBe('s,t,loss');
    expect(slice.rows).toHaveLength(41 * 41);
    // The page shows 6 significant digits of the same minimum.
    const min = Math.min(...slice.rows.map((r) => Number(r[2])));
    expect(Math.abs(min - (await num('slice-min')))).toBeLessThanOrEqual(1e-5 * min);
    await page.getByTestId('tab-ts').click();
    const loss = csvOf((await download('ts-loss-csv')).bytes);
    expect(loss.header).toBe('iteration,loss,grad_max_neuron,restarts');
    expect(Number(loss.rows[loss.rows.length - 1]![0])).toBe(Number.parseInt(await text('ts-iters'), 10));
    const spec = csvOf((await download('ts-spectrum-csv')).bytes);
    expect(spec.rows).toHaveLength(36);
  });

  it('a link with parameters opens that lab with those values, runs it, and edits update the link', async () => {
    await page.goto(`${site.url}?lab=ts&k=4&n=4&init=teacher&seed=3`);
    await waitDone('ts');
    expect(await page.getByTestId('tab-ts').getAttribute('aria-selected')).toBe('true');
    expect(await panel('p3').isHidden()).toBe(true);
    expect(await page.getByTestId('ts-k').inputValue()).toBe('4');
    expect(await page.getByTestId('ts-init').inputValue()).toBe('teacher');
    // The result is the one for these values (the defaults give a 36×36 Hessian and no zero loss).
    expect(await text('ts-class')).toBe('local-minimum');
    expect(Math.abs((await num('ts-lmin')) - LMIN)).toBeLessThan(1e-7);
    const spec = csvOf((await download('ts-spectrum-csv')).bytes);
    expect(spec.rows).toHaveLength(16);
    // Only the opened lab ran.
    expect(await panel('p3').getAttribute('data-done')).toBeNull();
    await page.getByTestId('ts-seed').fill('77');
    expect((await query()).get('seed')).toBe('77');
    expect((await query()).get('k')).toBe('4');

    await page.goto(
      `${site.url}?lab=p3&d=4&nmin=8&nmax=16&nstep=8&kmin=1&kmax=6&trials=1&max-iters=2000&seed=5`,
    );
    await waitDone('p3');
    expect(await text('p3-done')).toBe('12/12');
    const ns = await page
      .locator('section[data-lab="p3"] rect.cell-rect')
      .evaluateAll((rs) => [...new Set(rs.map((r) => r.getAttribute('data-n')))].sort());
    expect(ns).toEqual(['16', '8']);
    expect(await panel('p3').getByTestId('p3-summary').textContent()).toContain('0 of');
  });

  it('bad values in a link get the form’s own error messages and nothing runs', async () => {
    await page.goto(`${site.url}?lab=p3&nmin=50&nmax=10`);
    await expect
      .poll(() => panel('p3').getByTestId('error').textContent())
      .toContain('n from must be ≤ n to');
    await page.goto(`${site.url}?lab=ts&k=abc`);
    await expect
      .poll(() => panel('ts').getByTestId('error').textContent())
      .toBe('teacher neurons k (= d) must be a number. Value: "abc".');
    expect(await page.getByTestId('ts-k').getAttribute('aria-invalid')).toBe('true');
    // The link keeps the bad value, so it can be corrected in place.
    expect((await query()).get('k')).toBe('abc');
    await page.goto(`${site.url}?lab=p1&portrait=cubic`);
    await expect
      .poll(() => panel('p1').getByTestId('error').textContent())
      .toContain('problem must be one of linear, sigmoidal. Value: "cubic".');
    await page.goto(`${site.url}?lab=ts&k=999`);
    await expect
      .poll(() => panel('ts').getByTestId('error').textContent())
      .toBe('teacher neurons k (= d) must be an integer in [1, 200]. Value: 999.');
    expect(await panel('ts').getAttribute('data-done')).toBeNull();
    // Within the study's bounds but beyond what the page can hold: the lab's own resource limit, said as such.
    await page.goto(`${site.url}?lab=ts&k=40&n=40`);
    await expect
      .poll(() => panel('ts').getByTestId('error').textContent())
      .toBe(
        'n·k must be ≤ 1000 here: the lab forms the dense n·k × n·k Hessian in the browser (use the CLI, landscape-lab spurious-minima, for larger nets). Values: n = 40, k = 40.',
      );
    expect(await panel('ts').getAttribute('data-done')).toBeNull();
    // A lab or keys the page does not have are named, not silently dropped; the lab still opens and runs.
    await page.goto(`${site.url}?lab=p9&kk=3`);
    expect(await text('link-error')).toBe(
      'The link\'s lab must be one of p3, ts, p1, p2, slice. Value: "p9"; opened Phase transition. ' +
        'Ignored link parameters that Phase transition does not have: kk (it has d, nmin, nmax, nstep, kmin, kmax, kstep, trials, max-iters, tol, seed, activation).',
    );
    await waitDone('p3');
    await page.getByTestId('tab-ts').click();
    expect(await text('link-error')).toBe('');
  });

  it('a run longer than a second shows its progress, which ends at 100 %', async () => {
    await page.goto(`${site.url}?lab=p3&trials=4&max-iters=4000`);
    const meter = page.getByTestId('p3-progress');
    // Seen while the sweep is still running: visible, and strictly between 0 and 100 %.
    await page.waitForFunction(
      () => {
        const el = document.querySelector<HTMLElement>('[data-testid="p3-progress"]')!;
        const p = Number(el.dataset.percent);
        return !el.hidden && p > 0 && p < 100;
      },
      null,
      { timeout: 60_000, polling: 50 },
    );
    await waitDone('p3');
    expect(await meter.isVisible()).toBe(true);
    expect(await meter.getAttribute('data-percent')).toBe('100');
    expect(await meter.getAttribute('data-done')).toBe('192');
    expect(await meter.getAttribute('data-total')).toBe('192');
    expect(await text('p3-progress-label')).toBe('100% (192/192 trials)');
    expect(await meter.locator('progress').evaluate((p: HTMLProgressElement) => p.value === p.max)).toBe(
      true,
    );
  });

  it('the user’s Run replaces a long automatic run', async () => {
    await page.goto(`${site.url}?lab=p3&trials=3&max-iters=200000`);
    await page.getByTestId('p3-max-iters').fill('500');
    await page.getByTestId('p3-kmax').fill('3');
    await page.getByTestId('p3-run').click();
    await waitDone('p3');
    expect(await text('p3-done')).toBe('12/12');
    expect(await panel('p3').getByTestId('status').textContent()).toMatch(/^Done/);
    expect((await query()).get('max-iters')).toBe('500');
  });

  it('raised no page errors', () => {
    expect(site.errors).toEqual([]);
  });
});
