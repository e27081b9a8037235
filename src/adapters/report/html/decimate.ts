/**
 * Chart decimation for long runs: above `DECIMATE_ABOVE` bars, a page keeps, per bucket of
 * consecutive bars, the first and last bar and the bars holding the lowest and highest value of
 * every bar-aligned column (min/max per bucket). Every series of the page keeps the same bars, so
 * candles, volume, indicators and equity stay aligned, and no spike, trough or extreme candle is
 * lost at screen resolution. The CSV files keep every bar.
 */

/** Bars above which a page's bar-aligned columns are decimated. A year of 1h (8,760) stays whole. */
export const DECIMATE_ABOVE = 10_000;

/** Buckets a decimated page keeps (about one per pixel column of a wide chart, each with its low and high). */
export const DECIMATE_BUCKETS = 1_000;

/**
 * The bar indices to keep (ascending), or null to keep every bar. `columns` are the page's
 * bar-aligned columns (each of length `n`); NaN values never count as extremes.
 */
export function decimationIndex(n: number, columns: readonly ArrayLike<number>[], buckets = DECIMATE_BUCKETS, above = DECIMATE_ABOVE): Int32Array | null {
  if (n <= above) return null;
  const size = Math.ceil(n / buckets);
  const keep = new Uint8Array(n);
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    keep[start] = 1;
    keep[end - 1] = 1;
    for (const c of columns) {
      let lo = -1, hi = -1;
      for (let i = start; i < end; i++) {
        const v = c[i];
        if (v !== v) continue; // NaN
        if (lo < 0 || v < c[lo]) lo = i;
        if (hi < 0 || v > c[hi]) hi = i;
      }
      if (lo >= 0) { keep[lo] = 1; keep[hi] = 1; }
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i];
  const out = new Int32Array(count);
  for (let i = 0, j = 0; i < n; i++) if (keep[i]) out[j++] = i;
  return out;
}

/** `values` at `index`. */
export function pick(values: ArrayLike<number>, index: Int32Array): number[] {
  const out = new Array<number>(index.length);
  for (let j = 0; j < index.length; j++) out[j] = values[index[j]];
  return out;
}
