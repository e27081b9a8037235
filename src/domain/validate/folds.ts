import { lowerBound } from '../frame/frame.js';

/** A window length: a number of bars, or a calendar duration (`6M`, `2w`, `30d`, `12h`, `1y`). */
export type WindowLength = { readonly kind: 'bars'; readonly n: number } | { readonly kind: 'duration'; readonly n: number; readonly unit: 'h' | 'd' | 'w' | 'M' | 'y' };

/** Parses `4000` (bars) or `6M` / `2w` / `30d` / `12h` / `1y` (M = calendar months); null when malformed. */
export function parseWindowLength(text: string): WindowLength | null {
  const m = /^\s*(\d+)\s*([hdwMy]?)\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  if (!(n >= 1) || !Number.isSafeInteger(n)) return null;
  return m[2] === '' ? { kind: 'bars', n } : { kind: 'duration', n, unit: m[2] as 'h' | 'd' | 'w' | 'M' | 'y' };
}

/** `t` plus a duration, in UTC (months and years by the calendar). */
export function addDuration(t: number, w: Extract<WindowLength, { kind: 'duration' }>): number {
  const H = 3_600_000;
  if (w.unit === 'h') return t + w.n * H;
  if (w.unit === 'd') return t + w.n * 24 * H;
  if (w.unit === 'w') return t + w.n * 168 * H;
  const d = new Date(t);
  const months = w.unit === 'M' ? w.n : 12 * w.n;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

/**
 * The bar index a window of length `w` starting at bar `i` ends at (exclusive), or `n + 1` when
 * the window reaches past the data (its end lies beyond the last bar's close).
 */
export function windowEnd(time: Float64Array, barMs: number, i: number, w: WindowLength): number {
  const n = time.length;
  if (w.kind === 'bars') return i + w.n <= n ? i + w.n : n + 1;
  if (i >= n) return n + 1;
  const target = addDuration(time[i], w);
  return target > time[n - 1] + barMs ? n + 1 : lowerBound(time, target);
}

export interface FoldSpec {
  readonly train: WindowLength;
  readonly test: WindowLength;
  /** Default: the test length. */
  readonly step?: WindowLength;
  /** Expanding train window from the first bar. */
  readonly anchored?: boolean;
  /** Bars dropped from the end of each train window. */
  readonly purge?: number;
  /** Bars skipped between the train window's end and the test window. */
  readonly embargo?: number;
}

/** One fold, bar indices [start, end). */
export interface Fold {
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testStart: number;
  readonly testEnd: number;
}

/**
 * Walk-forward folds over `time`: fold k's window (train, then `purge` bars dropped, then
 * `embargo` bars skipped, then test) is fold k−1's moved forward by `step`; anchored folds keep
 * the train start at bar 0 and grow. Only folds whose test window lies wholly inside the data
 * are kept; a train window left empty by the purge is no fold either.
 */
export function planFolds(time: Float64Array, barMs: number, spec: FoldSpec): Fold[] {
  const n = time.length;
  const purge = spec.purge ?? 0;
  const embargo = spec.embargo ?? 0;
  const step = spec.step ?? spec.test;
  const folds: Fold[] = [];
  let windowStart = 0;
  let trainEnd = windowEnd(time, barMs, 0, spec.train);
  while (trainEnd <= n) {
    const testStart = trainEnd + embargo;
    const testEnd = testStart < n ? windowEnd(time, barMs, testStart, spec.test) : n + 1;
    if (testEnd > n || testEnd <= testStart) break;
    const ts = spec.anchored ? 0 : windowStart;
    if (trainEnd - purge - ts < 2) break;
    folds.push({ trainStart: ts, trainEnd: trainEnd - purge, testStart, testEnd });
    const nextStart = windowEnd(time, barMs, windowStart, step);
    if (nextStart > n || nextStart <= windowStart) break;
    windowStart = nextStart;
    trainEnd = spec.anchored ? windowEnd(time, barMs, trainEnd, step) : windowEnd(time, barMs, windowStart, spec.train);
  }
  return folds;
}
