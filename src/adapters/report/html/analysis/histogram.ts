/** Histograms for distribution charts: bin edges from the data, then counts per bin. */

export interface Bins {
  /** `bins + 1` increasing edges; bin i is `[edges[i], edges[i+1])`, the last one closed. */
  readonly edges: number[];
}

/** Bin count for m values: √m rounded up, between 1 (one value) and `max`. */
export function binCount(m: number, max = 60): number {
  return Math.max(1, Math.min(max, Math.ceil(Math.sqrt(m))));
}

/** The finite values of `xs`, as a new array (typed: no per-value boxing on a million evaluations). */
export function finiteValues(xs: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) n++;
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) out[j++] = xs[i];
  return out;
}

/**
 * Equal-width bins over `[lo, hi]` (finite values only; NaN skipped). With `clip` (e.g. 0.005),
 * the range is the clip and 1-clip quantiles so a few outliers do not squash the rest; values
 * beyond it are counted in the first/last bin. A single distinct value gets one bin around it.
 */
export function binsFor(values: ArrayLike<number>, bins: number, clip = 0): Bins {
  const finite = finiteValues(values);
  if (finite.length === 0) return { edges: [] };
  finite.sort(); // numeric ascending (typed): the ends and quantiles picked below are the same values

  const q = (p: number) => finite[Math.min(finite.length - 1, Math.max(0, Math.round(p * (finite.length - 1))))];
  const lo = clip > 0 ? q(clip) : finite[0];
  const hi = clip > 0 ? q(1 - clip) : finite[finite.length - 1];
  if (hi <= lo) {
    const pad = Math.abs(lo) * 0.01 || 0.01;
    return { edges: [lo - pad, lo + pad] };
  }
  const edges = new Array<number>(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = lo + ((hi - lo) * i) / bins;
  return { edges };
}

/** Counts of `values` per bin (NaN skipped; values outside the edges go to the nearest end bin). */
export function countBins(values: ArrayLike<number>, bins: Bins): number[] {
  const k = bins.edges.length - 1;
  const counts = new Array<number>(Math.max(k, 0)).fill(0);
  if (k < 1) return counts;
  const lo = bins.edges[0];
  const width = (bins.edges[k] - lo) / k;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const b = Math.floor((v - lo) / width);
    counts[b < 0 ? 0 : b >= k ? k - 1 : b]++;
  }
  return counts;
}

/** Bin centres, for the x values of a histogram drawn as bars on a value axis. */
export function binCentres(bins: Bins): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < bins.edges.length; i++) out.push((bins.edges[i] + bins.edges[i + 1]) / 2);
  return out;
}
