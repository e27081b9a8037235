import type { Progress } from '../../orchestration/ports.js';
import { formatCount } from '../../base/format-count.js';

/** Where a progress bar draws: stderr by default. */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressBarOptions {
  readonly stream?: ProgressStream;
  readonly env?: NodeJS.ProcessEnv;
  /** Clock in ms, for rate, ETA and throttling (injectable for tests). */
  readonly now?: () => number;
  /** Force the redrawn single line (true) or plain lines (false); default: detected. */
  readonly interactive?: boolean;
}

/** True when a single redrawn line is appropriate: a TTY, no NO_COLOR, not CI, not a dumb terminal. */
export function isInteractive(stream: ProgressStream, env: NodeJS.ProcessEnv): boolean {
  const set = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
  return stream.isTTY === true && env.NO_COLOR === undefined && !set(env.CI) && env.TERM !== 'dumb';
}

const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 5_000;

const int = (n: number) => formatCount(Math.round(n));

function duration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '--:--';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/**
 * A terminal implementation of the Progress port. On an interactive terminal it redraws one line
 * on stderr: label, bar, percent, done/total, rate, ETA and any extra fields. Otherwise (pipe,
 * NO_COLOR, CI) it prints plain lines without ANSI codes, at most every 10% or every 5 seconds.
 * Generic: downloads report candles, the optimizer reports parameter sets.
 */
export class ProgressBar implements Progress {
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly tty: boolean;
  private label = '';
  private total = 0;
  private done = 0;
  private extra: Record<string, string | number> = {};
  private began = 0;
  private lastDraw = -Infinity;
  private lastPrintedDone = 0;
  private active = false;

  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.now = options.now ?? Date.now;
    this.tty = options.interactive ?? isInteractive(this.stream, options.env ?? process.env);
  }

  start(label: string, total: number): void {
    if (this.active) this.finish();
    this.label = label;
    this.total = Math.max(0, total);
    this.done = 0;
    this.extra = {};
    this.began = this.now();
    this.lastDraw = -Infinity;
    this.lastPrintedDone = 0;
    this.active = true;
    if (this.tty) {
      this.draw();
    } else {
      this.lastDraw = this.began;
      this.stream.write(`${label}: started${this.total ? `, ${int(this.total)} to do` : ''}\n`);
    }
  }

  update(done: number, extra?: Record<string, string | number>): void {
    if (!this.active) return;
    this.done = done;
    if (extra) this.extra = { ...this.extra, ...extra };
    const t = this.now();
    if (this.tty) {
      if (t - this.lastDraw >= REDRAW_MS) this.draw();
      return;
    }
    const step = this.total > 0 ? this.total / 10 : Infinity;
    if (done > this.lastPrintedDone && (done - this.lastPrintedDone >= step || t - this.lastDraw >= PLAIN_EVERY_MS)) {
      this.lastPrintedDone = done;
      this.lastDraw = t;
      this.stream.write(`${this.label}: ${this.status()}\n`);
    }
  }

  finish(): void {
    if (!this.active) return;
    this.active = false;
    const sec = (this.now() - this.began) / 1000;
    if (this.tty) {
      this.draw(true);
      this.stream.write('\n');
    } else {
      // Finished short of a known total (Ctrl-C): say stopped, never "done".
      const word = this.total > 0 && this.done < this.total ? 'stopped' : 'done';
      this.stream.write(`${this.label}: ${word}, ${int(this.done)}${this.total ? `/${int(this.total)}` : ''} in ${duration(sec)}\n`);
    }
  }

  /** `45% 450/1,000 12.3/s ETA 0:45 pages=3` (without the percentage when the total is unknown). */
  private status(final = false): string {
    const sec = Math.max(1e-9, (this.now() - this.began) / 1000);
    const rate = this.done / sec;
    const parts: string[] = [];
    if (this.total > 0) parts.push(`${Math.floor((100 * Math.min(this.done, this.total)) / this.total)}%`, `${int(this.done)}/${int(this.total)}`);
    else parts.push(int(this.done));
    parts.push(`${rate >= 100 ? int(rate) : rate.toFixed(1)}/s`);
    if (final) parts.push(`in ${duration(sec)}`);
    else if (this.total > 0) parts.push(`ETA ${rate > 0 ? duration((this.total - this.done) / rate) : '--:--'}`);
    for (const [k, v] of Object.entries(this.extra)) parts.push(`${k}=${v}`);
    return parts.join(' ');
  }

  private draw(final = false): void {
    this.lastDraw = this.now();
    const width = 24;
    const frac = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const filled = Math.round(frac * width);
    const bar = this.total > 0 ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` : '';
    let line = `${this.label} ${bar}${this.status(final)}`;
    const cols = this.stream.columns;
    if (cols && line.length > cols - 1) line = line.slice(0, cols - 1);
    this.stream.write(`\r\x1b[2K${line}`);
  }
}
