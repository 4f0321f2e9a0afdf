/**
 * Runs task descriptors: in-process when one worker suffices, otherwise on a pool of `node:worker_threads`, each
 * with its own core-math instance. Tasks are handed out in list order to whichever worker is idle; results arrive in
 * any order and are reported through `onDone` as they complete (the caller records them durably). The final result
 * never depends on the number of workers because each task is a pure function of its descriptor.
 */
import { Worker } from 'node:worker_threads';
import { runTask, type Task } from '@landscape-lab/studies';

/** Options of {@link runTasks}. */
export interface RunTasksOptions {
  /** Maximum number of worker threads (≥ 1). */
  readonly workers: number;
  /** Called once per finished task, in completion order. */
  readonly onDone: (id: string, value: unknown) => void;
}

/** An error thrown inside a task, re-created on the main thread with its code. */
export class TaskError extends Error {
  readonly code: string | undefined;
  readonly taskId: string;
  constructor(taskId: string, info: { name?: string; message?: string; code?: string; stack?: string }) {
    super(info.message ?? 'task failed');
    this.name = info.name ?? 'Error';
    this.code = info.code;
    this.taskId = taskId;
    if (info.stack) this.stack = info.stack;
  }
}

/** Runs `tasks` (already filtered to the unfinished ones) and resolves when all are done. */
export async function runTasks(tasks: readonly Task[], opts: RunTasksOptions): Promise<void> {
  const count = Math.max(1, Math.min(opts.workers, tasks.length));
  if (tasks.length === 0) return;
  if (count === 1) {
    for (const t of tasks) {
      opts.onDone(t.id, runTask(t));
      // Let timers (progress redraws) and signals run between tasks.
      await new Promise<void>((r) => setImmediate(r));
    }
    return;
  }
  await new Promise<void>((resolve, reject) => {
    let next = 0;
    let finished = 0;
    let failed = false;
    const pool: Worker[] = [];
    const stopAll = (): void => {
      for (const w of pool) void w.terminate();
    };
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(e);
    };
    const feed = (w: Worker): void => {
      if (failed) return;
      if (next < tasks.length) w.postMessage(tasks[next++]);
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(new URL('./worker.js', import.meta.url));
      pool.push(w);
      w.on(
        'message',
        (msg: { ready?: boolean; id?: string; value?: unknown; error?: Record<string, string> }) => {
          if (failed) return;
          if (msg.ready) return feed(w);
          if (msg.error) return fail(new TaskError(msg.id!, msg.error));
          try {
            opts.onDone(msg.id!, msg.value);
          } catch (e) {
            return fail(e);
          }
          finished++;
          if (finished === tasks.length) {
            stopAll();
            resolve();
          } else feed(w);
        },
      );
      w.on('error', fail);
      w.on('exit', (code) => {
        if (!failed && finished < tasks.length && code !== 0)
          fail(new Error(`a worker thread exited with code ${code}`));
      });
    }
  });
}
