/**
 * A small pool of compute workers. Each worker loads its own core-math instance. `cancel()` terminates every
 * worker (the only way to stop a synchronous wasm/JS loop) and starts fresh ones; pending jobs reject with
 * {@link CancelledError}.
 */
import type { FromWorker, Task, ToWorker } from './protocol.js';

export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'CancelledError';
  }
}

interface Job {
  id: number;
  task: Task;
  onProgress?: (data: unknown) => void;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

type BackendListener = (backend: string, error?: string) => void;

let nextId = 1;
const backendListeners = new Set<BackendListener>();

/** Subscribe to "a worker reported its backend" (for the header badge). */
export function onBackend(l: BackendListener): void {
  backendListeners.add(l);
}

export class Pool {
  private slots: Slot[] = [];
  private queue: Job[] = [];

  constructor(readonly size: number) {
    this.spawn();
  }

  private spawn() {
    this.slots = Array.from({ length: this.size }, () => {
      const worker = new Worker(new URL('./worker.ts', import.meta.url), {
        type: 'module',
        name: 'landscape-lab-compute',
      });
      const slot: Slot = { worker, job: null };
      worker.onmessage = (ev: MessageEvent<FromWorker>) => this.onMessage(slot, ev.data);
      worker.onerror = (ev) => {
        ev.preventDefault();
        const job = slot.job;
        slot.job = null;
        job?.reject(new Error(`Worker error: ${ev.message || 'the compute worker failed to load'}`));
        this.pump();
      };
      return slot;
    });
  }

  private onMessage(slot: Slot, m: FromWorker) {
    if (m.type === 'ready') {
      for (const l of backendListeners) l(m.backend);
      return;
    }
    if (m.type === 'init-error') {
      for (const l of backendListeners) l('unavailable', m.message);
      return;
    }
    const job = slot.job;
    if (!job || job.id !== m.id) return;
    if (m.type === 'progress') job.onProgress?.(m.data);
    else {
      slot.job = null;
      if (m.type === 'done') job.resolve(m.data);
      else job.reject(Object.assign(new Error(m.message), { code: m.code }));
      this.pump();
    }
  }

  private pump() {
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      const msg: ToWorker = { id: job.id, task: job.task };
      slot.worker.postMessage(msg);
    }
  }

  run<T>(task: Task, onProgress?: (data: unknown) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: nextId++, task, onProgress, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  /** Terminates all workers, rejects every pending job, and starts a fresh set. */
  cancel(): void {
    const jobs = [...this.queue, ...this.slots.map((s) => s.job).filter((j): j is Job => !!j)];
    this.queue = [];
    for (const s of this.slots) s.worker.terminate();
    this.spawn();
    for (const j of jobs) j.reject(new CancelledError());
  }
}
