/**
 * Worker-thread entry: owns its own core-math instance (`init()` per thread), receives task descriptors, runs them
 * with the pure `runTask` of `@landscape-lab/studies`, and posts back `{ id, value }` or a serialised error.
 */
import { parentPort } from 'node:worker_threads';
import { init } from '@landscape-lab/core-math';
import { runTask, type Task } from '@landscape-lab/studies';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread.');

await init();
port.on('message', (task: Task) => {
  try {
    const value = runTask(task);
    port.postMessage({ id: task.id, value });
  } catch (e) {
    const err = e as { name?: string; message?: string; code?: string; stack?: string };
    port.postMessage({
      id: task.id,
      error: {
        name: err?.name ?? 'Error',
        message: err?.message ?? String(e),
        code: err?.code,
        stack: err?.stack,
      },
    });
  }
});
port.postMessage({ ready: true });
