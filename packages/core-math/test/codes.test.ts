import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as codes from '../src/codes.generated.js';
import { Mem } from '../src/reference/mem.js';
import { transcendentalTwins } from '../src/reference/transcendental.js';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const GENERATED = ['assembly/codes.generated.ts', 'src/codes.generated.ts'];

interface Table {
  enums: { name: string; values: string[] }[];
}
const table = JSON.parse(readFileSync(join(PKG, 'codes', 'codes.json'), 'utf8')) as Table;

const upper = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
const api = codes as unknown as Record<string, unknown>;
type Fn<A, R> = (a: A) => R;

/** The AssemblyScript constants, parsed from the generated module the wasm build imports. */
function assemblyConstants(): Map<string, number> {
  const text = readFileSync(join(PKG, 'assembly/codes.generated.ts'), 'utf8');
  const m = new Map<string, number>();
  for (const [, name, code] of text.matchAll(/^export const (\w+): i32 = (-?\d+);$/gm))
    m.set(name!, Number(code));
  return m;
}

describe('wasm codes generated from codes/codes.json', () => {
  it('regenerating from the table reproduces the committed modules byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'codes-'));
    try {
      execFileSync(process.execPath, [join(PKG, 'codes', 'generate.mjs'), out]);
      for (const rel of GENERATED)
        expect(readFileSync(join(out, rel), 'utf8'), rel).toBe(readFileSync(join(PKG, rel), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('every code round-trips name → code → name in TS and matches the AssemblyScript constant', () => {
    const asc = assemblyConstants();
    let count = 0;
    for (const e of table.enums) {
      const U = upper(e.name);
      const toCode = api[`${e.name}Code`] as Fn<string, number>;
      const toName = api[`${e.name}Name`] as Fn<number, string>;
      expect(api[`${U}_NAMES`], e.name).toEqual(e.values);
      e.values.forEach((v, i) => {
        expect(toCode(v), `${e.name}.${v}`).toBe(i);
        expect(toName(toCode(v)), `${e.name}.${v}`).toBe(v);
        expect((api[`${U}_CODE`] as Record<string, number>)[v], `${e.name}.${v}`).toBe(i);
        expect(asc.get(`${U}_${upper(v)}`), `${U}_${upper(v)}`).toBe(i);
        count++;
      });
    }
    // No AssemblyScript constant outside the table, and the table is not empty.
    expect(asc.size).toBe(count);
    expect(count).toBeGreaterThan(0);
  });

  it('the table lists the GD statuses the kernels write, including belowThreshold', () => {
    expect(codes.GD_STATUS_NAMES).toContain('belowThreshold');
    expect(codes.GD_STATUS_NAMES).toContain('nonFinite');
  });

  it('an unknown GD status code throws E_INTERNAL instead of falling back to a status', () => {
    for (const bad of [codes.GD_STATUS_NAMES.length, -1, 0.5, Number.NaN, 99])
      expect(() => codes.gdStatusName(bad)).toThrow(expect.objectContaining({ code: 'E_INTERNAL' }));
  });

  it('unknown codes and names of every enum throw E_INTERNAL', () => {
    for (const e of table.enums) {
      const toCode = api[`${e.name}Code`] as Fn<string, number>;
      const toName = api[`${e.name}Name`] as Fn<number, string>;
      expect(() => toName(e.values.length), e.name).toThrow(expect.objectContaining({ code: 'E_INTERNAL' }));
      expect(() => toCode('noSuchName'), e.name).toThrow(expect.objectContaining({ code: 'E_INTERNAL' }));
    }
  });

  it('the reference vmath twin rejects an unknown function code instead of computing sigmoid', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const t = transcendentalTwins(new Mem(memory));
    expect(() => t.vmath(codes.VMATH_FUNCTION_NAMES.length, 1, 0, 8)).toThrow(
      expect.objectContaining({ code: 'E_INTERNAL' }),
    );
  });
});
