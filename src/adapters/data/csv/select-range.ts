import { lowerBound, type OhlcvColumns } from '../../../domain/frame/frame.js';

/**
 * The rows with `start <= time < end`, in file order. On a file already sorted by time this is a
 * pair of binary searches and zero-copy views; otherwise the matching rows are copied (so an
 * out-of-order or duplicated file is still checked, and reported, inside the requested range).
 */
export function selectRange(cols: OhlcvColumns, start: number, end: number): OhlcvColumns {
  const { time } = cols;
  const n = time.length;
  if (timesSorted(time)) {
    const a = lowerBound(time, start);
    const b = Math.max(a, lowerBound(time, end));
    if (a === 0 && b === n) return cols;
    const cut = (c: Float64Array) => c.subarray(a, b);
    return { time: cut(time), open: cut(cols.open), high: cut(cols.high), low: cut(cols.low), close: cut(cols.close), volume: cut(cols.volume) };
  }
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (time[i] >= start && time[i] < end) rows.push(i);
  const pick = (c: Float64Array) => Float64Array.from(rows, (r) => c[r]);
  return { time: pick(time), open: pick(cols.open), high: pick(cols.high), low: pick(cols.low), close: pick(cols.close), volume: pick(cols.volume) };
}

/** Whether the times never go down (NaN counts as going down): binary searches then find any range. */
export function timesSorted(time: Float64Array): boolean {
  for (let i = 1; i < time.length; i++) if (!(time[i] >= time[i - 1])) return false;
  return true;
}

/** Earliest and latest time of a column in any order. */
export function rangeOf(time: Float64Array): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < time.length; i++) {
    if (time[i] < first) first = time[i];
    if (time[i] > last) last = time[i];
  }
  return { first, last };
}
