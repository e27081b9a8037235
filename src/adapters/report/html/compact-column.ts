/**
 * Page data written compactly (the CSV files keep every value at full precision):
 * - every value is rounded to 8 significant digits of its column's largest magnitude (a price
 *   column reaching 44,000 keeps 0.001; a return column reaching 1.5 keeps 1e-8), far below what a
 *   chart or a tooltip shows (2 decimals of a price above 1,000, 2 decimals of a percentage), and
 *   the shortest JSON form of the rounded value is written (`100131.88` instead of
 *   `100131.88406060135`);
 * - a column of evenly spaced values (bar times) is written as runs `{ $runs: [[first, step,
 *   count], ...] }` that the client runtime expands, one run per gap instead of 14 bytes a bar.
 */

/** Significant digits kept, relative to the column's largest magnitude. */
export const PAGE_DIGITS = 8;

/** A column as runs of constant step: `[first, step, count]` each. */
export interface RunsColumn {
  readonly $runs: readonly (readonly [number, number, number])[];
}

/** `values` rounded to PAGE_DIGITS significant digits of the column's largest finite magnitude (NaN stays NaN). */
export function roundColumn(values: ArrayLike<number>): number[] {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > max && a !== Infinity) max = a;
  }
  const out = new Array<number>(values.length);
  const decimals = max === 0 ? 0 : PAGE_DIGITS - 1 - Math.floor(Math.log10(max));
  if (max === 0 || decimals > 100) { // nothing to round, or beyond what toFixed writes: keep as is
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
  if (decimals <= 0) {
    const unit = 10 ** -decimals;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      out[i] = Number.isFinite(v) ? Math.round(v / unit) * unit : v;
    }
    return out;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? Number(v.toFixed(decimals)) : v;
  }
  return out;
}

/**
 * The runs of an evenly stepped column, or null when runs would not save much (fewer than 64
 * values, more than one run per 8 values, or a value that is not a finite integer).
 */
export function asRuns(values: ArrayLike<number>): RunsColumn | null {
  const n = values.length;
  if (n < 64) return null;
  const runs: [number, number, number][] = [];
  let i = 0;
  while (i < n) {
    const first = values[i];
    if (!Number.isSafeInteger(first)) return null;
    if (i + 1 === n) { runs.push([first, 0, 1]); break; }
    const step = values[i + 1] - first;
    let j = i + 1;
    while (j + 1 < n && Number.isSafeInteger(values[j]) && values[j + 1] - values[j] === step) j++;
    if (!Number.isSafeInteger(values[j])) return null;
    runs.push([first, step, j - i + 1]);
    if (runs.length > n / 8) return null;
    i = j + 1;
  }
  return { $runs: runs };
}

/** The JSON form of one page column: runs when evenly stepped, else the rounded values. */
export function compactColumn(values: ArrayLike<number>): number[] | RunsColumn {
  return asRuns(values) ?? roundColumn(values);
}
