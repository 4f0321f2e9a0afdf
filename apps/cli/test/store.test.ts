import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../src/errors.js';
import { canonicalJson, identityHash, TASK_LOG, TaskStore, writeAtomic } from '../src/store.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'll-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const id = { command: 'phase-transition', params: { n: [1, 2], k: 3 }, seed: 7 };

describe('canonical identity', () => {
  it('does not depend on key order, and changes with any parameter or the seed', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(identityHash(id)).toBe(
      identityHash({ seed: 7, params: { k: 3, n: [1, 2] }, command: 'phase-transition' }),
    );
    expect(identityHash(id)).not.toBe(identityHash({ ...id, seed: 8 }));
    expect(identityHash(id)).not.toBe(identityHash({ ...id, params: { n: [1, 2], k: 4 } }));
    expect(identityHash(id)).not.toBe(identityHash({ ...id, command: 'spurious-minima' }));
  });
});

describe('TaskStore', () => {
  it('appends one line per task after a header and reloads them on reopen', () => {
    const dir = tmp();
    const s = TaskStore.open(dir, id, 3);
    expect(s.resumed).toBe(0);
    s.append('a', { x: 1 });
    s.append('b', [1, 2]);
    s.close();
    const lines = readFileSync(join(dir, TASK_LOG), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!).header).toMatchObject({
      command: 'phase-transition',
      hash: identityHash(id),
      tasks: 3,
    });
    const r = TaskStore.open(dir, id, 3);
    expect(r.resumed).toBe(2);
    expect(r.done.get('a')).toEqual({ x: 1 });
    expect(r.done.get('b')).toEqual([1, 2]);
    r.append('c', null);
    r.close();
    expect(TaskStore.open(dir, id, 3).done.size).toBe(3);
  });

  it('drops a torn last line (a write cut by a kill) and appends cleanly after it', () => {
    const dir = tmp();
    const s = TaskStore.open(dir, id, 3);
    s.append('a', 1);
    s.close();
    appendFileSync(join(dir, TASK_LOG), '{"id":"b","val');
    const r = TaskStore.open(dir, id, 3);
    expect([...r.done.keys()]).toEqual(['a']);
    r.append('b', 2);
    r.close();
    const again = TaskStore.open(dir, id, 3);
    expect(again.done.get('b')).toBe(2);
    again.close();
  });

  it('refuses a directory holding another run, with an exit-2 error that suggests a new --out', () => {
    const dir = tmp();
    TaskStore.open(dir, id, 3).close();
    let err: unknown;
    try {
      TaskStore.open(dir, { ...id, seed: 8 }, 3);
    } catch (e) {
      err = e;
    }
    expect((err as { code?: string }).code).toBe('E_RESUME');
    expect(exitCodeFor(err)).toBe(2);
    const expectation =
      'invalid argument. --out must be a new directory or one holding a run of the same command with the same parameters, seed and shard;';
    const log = join(dir, TASK_LOG);
    const other = identityHash(id);
    const mine = identityHash({ ...id, seed: 8 });
    expect(other).not.toBe(mine);
    expect((err as Error).message).toBe(
      `${expectation} ${log} has another run (phase-transition, parameters hash ${other}, shard none), this run has hash ${mine}, shard none. Value: ${JSON.stringify(dir)}.`,
    );
    writeFileSync(log, 'garbage\n');
    expect(() => TaskStore.open(dir, id, 3)).toThrow(
      `${expectation} ${log} has no valid header, this run has hash ${other}, shard none. Value: ${JSON.stringify(dir)}.`,
    );
  });
});

describe('writeAtomic', () => {
  it('replaces the file whole and leaves no temp file behind', () => {
    const dir = tmp();
    const p = join(dir, 'sub', 'result.json');
    writeAtomic(p, 'one');
    writeAtomic(p, 'two');
    expect(readFileSync(p, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['result.json']);
  });
});
