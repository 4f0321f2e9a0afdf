/**
 * Trajectory recorder with decimation: every k-th iteration or log-spaced iterations (⌈10^{j/p}⌉, p per decade),
 * always including iteration 0 and the final iterate. O(1) per query, O(dim) per stored θ.
 */
import type { RecordConfig, TrajectoryPoint } from './common.js';

/** Records decimated trajectory points (used by every optimizer; exported for custom loops). */
export class TrajectoryRecorder {
  /** Stored points, in iteration order. */
  readonly points: TrajectoryPoint[] = [];
  private next = 0;
  private logIndex = 0;

  /** @param cfg validated recording settings, or null to record nothing. */
  constructor(private readonly cfg: RecordConfig | null) {}

  /** True when recording is on. */
  get enabled(): boolean {
    return this.cfg !== null;
  }

  /** True when iteration `iter` is due to be recorded. */
  wants(iter: number): boolean {
    return this.cfg !== null && iter >= this.next && this.points.length < this.cfg.maxPoints - 1;
  }

  /** Stores a point (θ copied when configured) and schedules the next one. */
  record(iter: number, loss: number, gradNorm: number, theta: Float64Array, t?: number): void {
    const cfg = this.cfg;
    if (cfg === null) return;
    this.points.push(this.make(iter, loss, gradNorm, theta, t));
    if (cfg.logSpaced !== null) {
      let next: number;
      do next = Math.ceil(10 ** (this.logIndex++ / cfg.logSpaced) - 1e-9);
      while (next <= iter);
      this.next = next;
    } else {
      this.next = iter + cfg.every;
    }
  }

  /** Stores the final point unless it was just recorded (ignores `maxPoints`). */
  recordFinal(iter: number, loss: number, gradNorm: number, theta: Float64Array, t?: number): void {
    if (this.cfg === null) return;
    const last = this.points[this.points.length - 1];
    if (last !== undefined && last.iteration === iter && last.t === t) {
      // Same iterate: refresh the values (the final evaluation is authoritative) but keep any batch.
      last.loss = loss;
      last.gradNorm = gradNorm;
      return;
    }
    this.points.push(this.make(iter, loss, gradNorm, theta, t));
  }

  /** Attaches the mini-batch of the step taken from iteration `iter`, if that iterate was recorded. */
  attachBatch(iter: number, batch: ArrayLike<number> | undefined): void {
    if (this.cfg === null || !this.cfg.batches || batch === undefined) return;
    const last = this.points[this.points.length - 1];
    if (last !== undefined && last.iteration === iter) last.batch = Int32Array.from(batch);
  }

  /** Drops everything (used when the divergence guard restarts a run). */
  reset(): void {
    this.points.length = 0;
    this.next = 0;
    this.logIndex = 0;
  }

  private make(
    iter: number,
    loss: number,
    gradNorm: number,
    theta: Float64Array,
    t?: number,
  ): TrajectoryPoint {
    const p: TrajectoryPoint = { iteration: iter, loss, gradNorm };
    if (t !== undefined) p.t = t;
    if (this.cfg?.theta) p.theta = Float64Array.from(theta);
    return p;
  }
}
