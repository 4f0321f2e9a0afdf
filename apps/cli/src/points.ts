/** Reading point files (`--point`, `--from … --family i`) for the teacher–student commands. */
import { readFileSync } from 'node:fs';
import { UsageError, usage } from './errors.js';

/** The `--point` JSON format. */
export interface PointFile {
  W: unknown;
  V?: unknown;
}

function readJson(flag: string, path: string, expectation: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw usage(flag, expectation, path);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw usage(flag, expectation, path);
  }
}

const POINT_EXPECTATION =
  'be a readable JSON file { "W": number[][], "V"?: number[][] } (student and teacher neurons as rows)';

/**
 * Reads `{ W, V? }` from a file; the shapes are validated by the study (E_SHAPE → exit 2).
 * @throws UsageError (exit 2) when the file is missing, unreadable, not JSON or has no `W`.
 */
export function readPoint(flag: string, path: string): { W: unknown; V: unknown } {
  const j = readJson(flag, path, POINT_EXPECTATION) as PointFile | null;
  if (!j || typeof j !== 'object' || !('W' in j)) throw usage(flag, POINT_EXPECTATION, path);
  return { W: j.W, V: j.V ?? null };
}

/**
 * Reads family `index` (counted over all rows in order) from a `spurious-minima` result.json; the teacher is
 * [I_k 0] of that row.
 */
export function readFamily(path: string, index: number): { W: unknown; V: number[][]; k: number; n: number } {
  const expectation = 'be a readable spurious-minima result.json (with rows[].families[])';
  const j = readJson('--from', path, expectation) as { command?: string; rows?: unknown } | null;
  if (j?.command !== 'spurious-minima' || !Array.isArray(j.rows)) throw usage('--from', expectation, path);
  const all: { W: unknown; k: number; n: number; d: number }[] = [];
  for (const r of j.rows as { k: number; n: number; d: number; families?: { W: unknown }[] }[])
    for (const f of r.families ?? []) all.push({ W: f.W, k: r.k, n: r.n, d: r.d });
  if (all.length === 0)
    throw new UsageError(
      `invalid argument. --from must hold at least one spurious family. Value: ${JSON.stringify(path)}.`,
    );
  if (index >= all.length)
    throw usage('--family', `be an index in [0, ${all.length - 1}] (families in ${path})`, String(index));
  const f = all[index]!;
  const V = Array.from({ length: f.k }, (_, a) => Array.from({ length: f.d }, (_, b) => (a === b ? 1 : 0)));
  return { W: f.W, V, k: f.k, n: f.n };
}
