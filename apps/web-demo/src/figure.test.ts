import { describe, expect, it } from 'vitest';
import { fileStem, toCsv, toJson, toRecords } from './figure.js';

describe('figure data export', () => {
  const d = {
    columns: ['n', 'label', 'rate'],
    rows: [
      [10, 'plain', 0.1 + 0.2],
      [20, 'needs "quotes", commas', null],
    ],
  };

  it('writes RFC 4180 CSV with round-trip numbers and empty cells for null', () => {
    const csv = toCsv(d);
    expect(csv).toBe('n,label,rate\n10,plain,0.30000000000000004\n20,"needs ""quotes"", commas",\n');
    expect(Number(csv.split('\n')[1]!.split(',')[2])).toBe(0.1 + 0.2);
  });

  it('rejects ragged rows', () => {
    expect(() => toCsv({ columns: ['a', 'b'], rows: [[1]] })).toThrow(
      'toCsv: invalid argument. Every row must have 2 cells. Value: 1.',
    );
  });

  it('gives JSON records and provenance', () => {
    expect(toRecords(d)[1]).toEqual({ n: 20, label: 'needs "quotes", commas', rate: null });
    const j = JSON.parse(
      toJson(
        d,
        { lab: 'x', figure: 'f', title: 't', params: { seed: '7', k: '3' }, link: 'http://h/?lab=x' },
        'wasm-simd',
      ),
    );
    expect(j).toMatchObject({ lab: 'x', figure: 'f', seed: 7, backend: 'wasm-simd', params: { k: '3' } });
    expect(j.data).toHaveLength(2);
  });

  it('builds file names from the lab, the figure and the parameters', () => {
    expect(fileStem('phase-transition', 'heatmap', { d: '5', tol: '1e-3', act: 'soft plus/x' })).toBe(
      'phase-transition_heatmap_d-5_tol-1e-3_act-soft-plus-x',
    );
    // Negative values keep their sign; empty values are named.
    expect(fileStem('linear-flow', 'portrait', { w2: '-1.5', k: '' })).toBe(
      'linear-flow_portrait_w2--1.5_k-empty',
    );
  });
});
