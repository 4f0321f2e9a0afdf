/**
 * Result records, human tables and CSV. Every JSON result carries `command`, `params` (after defaults), `seed`,
 * `backend`, `versions` (our packages and node) and `wallTimeMs`, followed by the study's own fields.
 */
import { createRequire } from 'node:module';
import { backend } from '@landscape-lab/core-math';

const require = createRequire(import.meta.url);

function versionOf(req: NodeJS.Require, name: string): string {
  try {
    return (req(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Package versions of the toolkit and the Node runtime. */
export function versions(): Record<string, string> {
  // trainers and landscape-analysis are dependencies of studies, so resolve them from there (pnpm is strict).
  let studiesReq: NodeJS.Require = require;
  try {
    studiesReq = createRequire(require.resolve('@landscape-lab/studies/package.json'));
  } catch {
    // keep the CLI's own resolver
  }
  return {
    '@landscape-lab/core-math': versionOf(require, '@landscape-lab/core-math'),
    '@landscape-lab/trainers': versionOf(studiesReq, '@landscape-lab/trainers'),
    '@landscape-lab/landscape-analysis': versionOf(studiesReq, '@landscape-lab/landscape-analysis'),
    '@landscape-lab/studies': versionOf(require, '@landscape-lab/studies'),
    '@landscape-lab/cli': (require('../package.json') as { version: string }).version,
    node: process.versions.node,
  };
}

/** The common header of every JSON result. */
export interface ResultHeader {
  readonly command: string;
  readonly params: unknown;
  readonly seed: number;
  readonly backend: string;
  readonly versions: Record<string, string>;
  readonly wallTimeMs: number;
  readonly execution: { workers: number; tasks: number; resumedTasks: number };
}

/** Builds a result record: the header, then the study's fields. */
export function resultRecord(
  header: Omit<ResultHeader, 'backend' | 'versions'>,
  body: object,
): ResultHeader & Record<string, unknown> {
  return { ...header, backend: backend(), versions: versions(), ...body };
}

/** JSON with typed arrays converted to plain arrays and non-finite numbers to null (strict JSON). */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_k, v) => {
      if (ArrayBuffer.isView(v) && !(v instanceof DataView))
        return Array.from(v as unknown as ArrayLike<number>);
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      return v;
    },
    indent,
  );
}

/** Renders rows as CSV (RFC 4180 quoting where needed). */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[columns.map(cell).join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n')}\n`;
}

/** Formats a number compactly for tables. */
export function num(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2);
  return Number(x.toPrecision(digits)).toString();
}

/** Renders an aligned text table (numbers right-aligned). */
export function table(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? num(c) : c)));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => [...(r[j] ?? '')].length)));
  const pad = (s: string, w: number, right: boolean): string => {
    const len = [...s].length;
    return right ? ' '.repeat(w - len) + s : s + ' '.repeat(w - len);
  };
  const isNum = columns.map((_, j) => rows.every((r) => typeof r[j] === 'number'));
  const head = columns.map((c, j) => pad(c, widths[j]!, isNum[j]!)).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const body = cells.map((r) => r.map((c, j) => pad(c, widths[j]!, isNum[j]!)).join('  '));
  return [head, rule, ...body].join('\n');
}

/** Renders rows as a GitHub-flavoured Markdown table (cells are escaped for `|`). */
export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}
