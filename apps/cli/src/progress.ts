/**
 * Progress and warnings on stderr. The bar (counts, percentage, elapsed time and ETA) is drawn only when stderr is
 * a TTY and `--quiet` is off; it is redrawn in place at most ~10 times a second and erased when done, so stderr
 * stays clean when piped. Warnings are one line each (symptom, likely cause, flag to try) unless `--quiet`.
 */

/** Formats a duration in ms as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** A progress reporter for a known number of tasks. */
export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly enabled: boolean;
  private readonly quiet: boolean;
  private readonly start = Date.now();
  private done = 0;
  private total = 0;
  private skipped = 0;
  private label = '';
  private lastDraw = 0;
  private drawn = false;

  constructor(opts: { quiet: boolean; stream?: NodeJS.WriteStream }) {
    this.stream = opts.stream ?? process.stderr;
    this.quiet = opts.quiet;
    this.enabled = !opts.quiet && this.stream.isTTY === true;
  }

  /** Starts a phase of `total` tasks, `skipped` of which were already done (resumed). */
  begin(label: string, total: number, skipped = 0): void {
    this.label = label;
    this.total = total;
    this.done = skipped;
    this.skipped = skipped;
    if (skipped > 0)
      this.warn(`resuming: ${skipped} of ${total} tasks already done in --out, running the rest`);
    this.draw(true);
  }

  /** Counts one finished task. */
  tick(): void {
    this.done++;
    this.draw(this.done === this.total);
  }

  /** Erases the bar. */
  end(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }

  /** Prints a warning line on stderr (unless quiet). */
  warn(message: string): void {
    if (this.quiet) return;
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
    this.stream.write(`warning: ${message}\n`);
    this.drawn = false;
  }

  private draw(force: boolean): void {
    if (!this.enabled || this.total === 0) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 24;
    const frac = this.done / this.total;
    const filled = Math.round(frac * width);
    const elapsed = now - this.start;
    const ran = this.done - this.skipped;
    const eta = ran > 0 ? ((this.total - this.done) * elapsed) / ran : Number.NaN;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const line = `${this.label} ${bar} ${this.done}/${this.total} (${Math.round(frac * 100)}%) elapsed ${formatDuration(elapsed)} ETA ${ran > 0 ? formatDuration(eta) : '?'}`;
    const cols = this.stream.columns || 100; // 0 when the terminal reports no width
    this.stream.write(`\r\x1b[2K${line.slice(0, Math.max(10, cols - 1))}`);
    this.drawn = true;
  }
}
