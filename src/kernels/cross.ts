/**
 * Crossover detectors (DESIGN.md §3). A cross at bar t uses bars t−1 and t only, so it is known
 * at bar t's close. Bar 0 is never a cross; a cross needs all four values defined (not NaN),
 * so nothing fires during an indicator's warm-up or next to a gap.
 */

/**
 * `out[t] = 1` when `a[t] > b[t]` and `a[t-1] <= b[t-1]` (all four defined), else 0.
 * Equality on the previous bar counts as "not above", so touching then crossing is a cross.
 * Output length is `a.length`; no allocation when `out` is given.
 */
export function crossAbove(a: Float64Array, b: Float64Array, out: Uint8Array = new Uint8Array(a.length)): Uint8Array {
  const n = a.length;
  if (n === 0) return out;
  out[0] = 0;
  for (let t = 1; t < n; t++) {
    // Comparisons with NaN are false, so a NaN anywhere yields 0.
    out[t] = a[t] > b[t] && a[t - 1] <= b[t - 1] ? 1 : 0;
  }
  return out;
}

/**
 * `out[t] = 1` when `a[t] < b[t]` and `a[t-1] >= b[t-1]` (all four defined), else 0.
 * Mirror of {@link crossAbove}. Output length is `a.length`; no allocation when `out` is given.
 */
export function crossBelow(a: Float64Array, b: Float64Array, out: Uint8Array = new Uint8Array(a.length)): Uint8Array {
  const n = a.length;
  if (n === 0) return out;
  out[0] = 0;
  for (let t = 1; t < n; t++) {
    out[t] = a[t] < b[t] && a[t - 1] >= b[t - 1] ? 1 : 0;
  }
  return out;
}

/**
 * `crossAbove(a, b, up)` and `crossBelow(a, b, down)` in one pass:
 * the same 0/1 values as the two calls. Outputs have length `a.length`.
 */
export function crosses(a: Float64Array, b: Float64Array, up: Uint8Array, down: Uint8Array): void {
  const n = a.length;
  if (n === 0) return;
  up[0] = 0;
  down[0] = 0;
  for (let t = 1; t < n; t++) {
    // The previous pair is read again, not carried in locals: V8 may keep carried numbers as heap
    // numbers (an allocation per bar) depending on how the loop was compiled.
    const a0 = a[t - 1];
    const b0 = b[t - 1];
    const a1 = a[t];
    const b1 = b[t];
    up[t] = a1 > b1 && a0 <= b0 ? 1 : 0;
    down[t] = a1 < b1 && a0 >= b0 ? 1 : 0;
  }
}
