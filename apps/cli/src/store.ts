/**
 * Durable task results for resumable sweeps, and atomic file output.
 *
 * `<out>/tasks.jsonl`: the first line is a header `{"header":{command, hash, seed, tasks}}`; each further line is one
 * finished task `{"id":…, "value":…}`, written with a single `write` and `fsync`ed before the task counts as done.
 * A SIGKILL can therefore lose only tasks in flight, and can at worst leave one torn final line, which {@link
 * TaskStore.open} drops (truncating the file back to the last complete line) before appending again.
 *
 * Every other output file goes through {@link writeAtomic}: a temp file in the same directory, fsync, rename.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from './errors.js';

/** What identifies a sweep: the same command, parameters and seed give the same task list. */
export interface SweepIdentity {
  readonly command: string;
  readonly params: unknown;
  readonly seed: number;
}

/** JSON with object keys sorted, so equal values always serialise (and hash) the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) o[k] = (v as Record<string, unknown>)[k];
      return o;
    }
    return v;
  });
}

/** SHA-256 (hex, first 16 chars) of the canonical JSON of a sweep's identity. */
export function identityHash(id: SweepIdentity): string {
  return createHash('sha256')
    .update(canonicalJson({ command: id.command, params: id.params, seed: id.seed }))
    .digest('hex')
    .slice(0, 16);
}

/** File name of the task log inside `--out`. */
export const TASK_LOG = 'tasks.jsonl';

/** The first line of a task log. */
export interface TaskLogHeader {
  readonly command: string;
  /** {@link identityHash} of the sweep (command, resolved parameters, seed). */
  readonly hash: string;
  readonly seed: number;
  /** Number of tasks this log is meant to hold (the whole sweep, or one shard of it). */
  readonly tasks: number;
  /** The shard this log holds, for `--shard i/N` runs. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** The study input the parameters were resolved from (sharded runs record it so `merge` can re-plan). */
  readonly input?: unknown;
  /** The command line of a shard run without `--shard` and `--out` (for the rerun hint of `merge`). */
  readonly argv?: readonly string[];
}

/** A task log as read back from disk: its header and its records in file order (duplicates kept). */
export interface TaskLog {
  readonly header: TaskLogHeader | undefined;
  readonly records: readonly { readonly id: string; readonly value: unknown }[];
  /** Byte length of the complete lines (a torn last line after it is not part of the log). */
  readonly completeBytes: number;
  readonly totalBytes: number;
}

/**
 * Reads a task log without modifying it. A torn last line (a write cut by a kill) is ignored; a header that is not
 * valid JSON gives `header: undefined`.
 * @throws Error when a complete record line is not valid JSON (the file was edited or corrupted).
 */
export function readTaskLog(path: string): TaskLog {
  const buf = readFileSync(path);
  const end = buf.lastIndexOf(0x0a) + 1;
  const lines = buf
    .subarray(0, end)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  let header: TaskLogHeader | undefined;
  try {
    header = lines.length > 0 ? (JSON.parse(lines[0]!) as { header?: TaskLogHeader }).header : undefined;
  } catch {
    header = undefined;
  }
  const records = lines.slice(1).map((line, i) => {
    try {
      return JSON.parse(line) as { id: string; value: unknown };
    } catch {
      throw new Error(`${path}: line ${i + 2} is not a task record (corrupted log).`);
    }
  });
  return { header, records, completeBytes: end, totalBytes: buf.length };
}

/** An append-only, fsynced log of finished tasks. */
export class TaskStore {
  private fd: number | undefined;
  /** Results recorded by previous runs (and this one), by task id. */
  readonly done: Map<string, unknown>;
  /** Number of results loaded from a previous run. */
  readonly resumed: number;
  readonly path: string;

  private constructor(path: string, fd: number, done: Map<string, unknown>) {
    this.path = path;
    this.fd = fd;
    this.done = done;
    this.resumed = done.size;
  }

  /**
   * Opens (creating if needed) `<dir>/tasks.jsonl` for the given sweep.
   * @param extra further header fields (`shard`, `input`, `argv`); an existing log must hold the same `shard`.
   * @throws UsageError (E_RESUME, exit 2) when the log belongs to another command, parameters, seed or shard.
   */
  static open(
    dir: string,
    identity: SweepIdentity,
    taskCount: number,
    extra: Pick<TaskLogHeader, 'shard' | 'input' | 'argv'> = {},
  ): TaskStore {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, TASK_LOG);
    const hash = identityHash(identity);
    const done = new Map<string, unknown>();
    if (existsSync(path) && statSync(path).size > 0) {
      const log = readTaskLog(path);
      // Drop a torn last line (a write interrupted by a kill): keep everything up to the last newline.
      if (log.completeBytes < log.totalBytes) truncateSync(path, log.completeBytes);
      const header = log.header;
      const shardOf = (h: Pick<TaskLogHeader, 'shard'>) =>
        h.shard ? `${h.shard.index}/${h.shard.count}` : 'none';
      if (!header || header.hash !== hash || shardOf(header) !== shardOf(extra)) {
        const what = header
          ? `another run (${header.command ?? '?'}, parameters hash ${header.hash ?? '?'}, shard ${shardOf(header)})`
          : 'no valid header';
        throw new UsageError(
          `invalid argument. --out must be a new directory or one holding a run of the same command with the same parameters, seed and shard; ${path} has ${what}, this run has hash ${hash}, shard ${shardOf(extra)}. Value: ${JSON.stringify(dir)}.`,
          'E_RESUME',
        );
      }
      for (const rec of log.records) done.set(rec.id, rec.value);
      const fd = openSync(path, 'a');
      return new TaskStore(path, fd, done);
    }
    const fd = openSync(path, 'w');
    const header: TaskLogHeader = {
      command: identity.command,
      hash,
      seed: identity.seed,
      tasks: taskCount,
      ...extra,
    };
    writeAll(fd, `${JSON.stringify({ header })}\n`);
    fsyncSync(fd);
    fsyncDir(dir);
    return new TaskStore(path, fd, done);
  }

  /** Appends one finished task durably (one write, then fsync). */
  append(id: string, value: unknown): void {
    if (this.fd === undefined) throw new Error('TaskStore.append: the store is closed.');
    writeAll(this.fd, `${JSON.stringify({ id, value })}\n`);
    fsyncSync(this.fd);
    this.done.set(id, value);
  }

  /** Closes the log file. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Writes all of `content` (writeSync may write less than asked). */
function writeAll(fd: number, content: string | Uint8Array): void {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on directories; the file itself is already synced.
  }
}

let tmpCounter = 0;

/**
 * Writes `content` to `path` atomically: a temp file beside it, fsync, rename. A reader (or a crash) sees either
 * the old file or the complete new one, never a partial file.
 */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${process.pid}.${tmpCounter++}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeAll(fd, content);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
}
