/**
 * Order statistics in O(n) expected time: Hoare/Wirth quickselect with a median-of-three pivot,
 * which stays fast with many ties (Hoare partitioning splits runs of equal keys evenly).
 */

/**
 * Rearranges `buf[lo, hi]` (inclusive) in place so that `buf[k]` holds the value a full ascending
 * sort would put there, every element of `[lo, k)` is `<= buf[k]` and every element of `(k, hi]`
 * is `>= buf[k]`. Returns `buf[k]`. Values must not be NaN. No allocation.
 */
export function quickselect(buf: Float64Array, k: number, lo = 0, hi = buf.length - 1): number {
  let l = lo;
  let r = hi;
  while (l < r) {
    // Median of three values taken from the range: it lies in [l, r], so both scans stop.
    const a = buf[l];
    const b = buf[(l + r) >>> 1];
    const c = buf[r];
    const x = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = l;
    let j = r;
    do {
      while (buf[i] < x) i++;
      while (x < buf[j]) j--;
      if (i <= j) {
        const tmp = buf[i];
        buf[i] = buf[j];
        buf[j] = tmp;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) l = i;
    if (k < i) r = j;
  }
  return buf[k];
}

/**
 * The `p`-th percentile (`p` in [0, 100]) of `src[start, end)` with linear interpolation between
 * closest ranks: numpy's default `np.percentile(a, p)` (method 'linear'), including numpy's
 * `_lerp` rounding. Uses `scratch[0, end - start)` (must be that long) and leaves it permuted;
 * `src` is not modified. NaN when the slice is empty or holds a NaN, or `p` is outside [0, 100].
 * O(n) expected: one quickselect plus a scan for the next order statistic.
 */
export function percentile(
  src: ArrayLike<number>,
  p: number,
  scratch: Float64Array,
  start = 0,
  end = src.length,
): number {
  const m = end - start;
  if (m <= 0 || !(p >= 0 && p <= 100)) return NaN;
  for (let i = 0; i < m; i++) {
    const v = src[start + i];
    if (v !== v) return NaN;
    scratch[i] = v;
  }
  const q = p / 100;
  const virtual = (m - 1) * q;
  const below = Math.floor(virtual);
  const a = quickselect(scratch, below, 0, m - 1);
  const t = virtual - below;
  if (below + 1 >= m || t === 0) return a;
  // After the select, the next order statistic is the minimum of the upper part.
  let b = scratch[below + 1];
  for (let i = below + 2; i < m; i++) if (scratch[i] < b) b = scratch[i];
  return lerp(a, b, t);
}

/**
 * The same value as `percentile` for a low `p` (the lower tail: VaR's 5%), in one pass that keeps
 * the `below + 2` smallest values in a bounded max-heap in `heap[0, below + 2)`: after the first
 * few hundred values most elements cost one comparison with the heap's top, against the copy and
 * several partition passes of a quickselect. `heap` needs `min(m, below + 2)` slots, where
 * `below = floor((m - 1) * p / 100)`. NaN in the same cases as `percentile`. No allocation.
 * Afterwards `heap[0]` holds the order statistic `x_below` (for `lowerTailMean`). With `negate`
 * it works on `−src` (so `−lowerTailPercentile(r, 5, heap, 0, n, true)` is the 95th percentile of
 * r, up to the last bit of numpy's interpolation weight).
 */
export function lowerTailPercentile(
  src: ArrayLike<number>,
  p: number,
  heap: Float64Array,
  start = 0,
  end = src.length,
  negate = false,
): number {
  const m = end - start;
  if (m <= 0 || !(p >= 0 && p <= 100)) return NaN;
  const virtual = (m - 1) * (p / 100);
  const below = Math.floor(virtual);
  const size = Math.min(m, below + 2);
  if (m >= FILTER_MIN && size * 4 <= m && heap.length >= m) {
    const v = filteredLowerTail(src, virtual, below, heap, start, end, negate ? -1 : 1);
    if (v !== FILTER_FAILED) return v;
  }
  let count = 0;
  const sign = negate ? -1 : 1;
  for (let i = start; i < end; i++) {
    const v = sign * src[i];
    if (v !== v) return NaN;
    if (count < size) {
      // sift up
      let c = count++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (heap[parent] >= v) break;
        heap[c] = heap[parent];
        c = parent;
      }
      heap[c] = v;
    } else if (v < heap[0]) {
      siftDown(heap, v, count);
    }
  }
  // heap[0] is the largest kept value: order statistic `count - 1`.
  let a = heap[0];
  let b = NaN;
  if (count === below + 2) {
    b = a;
    siftDown(heap, heap[count - 1], count - 1);
    a = heap[0];
  }
  const t = virtual - below;
  if (below + 1 >= m || t === 0) return a;
  return lerp(a, b, t);
}

/** Below this many values the heap alone is as fast as sampling a threshold first. */
const FILTER_MIN = 4096;
/** Values read to estimate the threshold of the filtered path (kept at the end of `buf`). */
const SAMPLE = 512;
/** A value `filteredLowerTail` never returns (its NaN is a real answer: a NaN in the data). */
export const FILTER_FAILED = Infinity;

/**
 * `lowerTailPercentile` for long series when `buf` can hold all of them: a strided sample of
 * SAMPLE values gives a threshold a few standard errors above the wanted quantile, one pass keeps
 * the values below it (typically a tenth of the series) and counts those equal to it, and a
 * quickselect over the kept ones finds the same order statistics (in sorted order they come
 * first, then the ties, then every value left out). One comparison per
 * value and no heap updates, so several times faster on 10⁵+ bars. Returns FILTER_FAILED (the
 * caller falls back to the heap) in the rare case the threshold kept too few values or `buf`
 * cannot hold the ones kept. Leaves `x_below` in `buf[0]`, as the heap path does.
 */
function filteredLowerTail(
  src: ArrayLike<number>, virtual: number, below: number, buf: Float64Array, start: number, end: number, sign: number,
): number {
  const m = end - start;
  const sampleAt = buf.length - SAMPLE;
  for (let j = 0; j < SAMPLE; j++) {
    const v = sign * src[start + Math.floor((j * m) / SAMPLE)];
    if (v !== v) return NaN;
    buf[sampleAt + j] = v;
  }
  // Expected rank of x_(below + 1) in the sample, plus four standard deviations and a margin.
  const q = (below + 2) / m;
  const rank = Math.min(SAMPLE - 1, Math.ceil(SAMPLE * q + 4 * Math.sqrt(SAMPLE * q * (1 - q)) + 4));
  const threshold = quickselect(buf, sampleAt + rank, sampleAt, buf.length - 1);
  // Values below the threshold are kept; ties with it are only counted (returns are mostly 0).
  let kept = 0;
  let ties = 0;
  for (let i = start; i < end; i++) {
    const v = sign * src[i];
    if (v !== v) return NaN;
    if (v < threshold) {
      if (kept === sampleAt) return FILTER_FAILED;
      buf[kept++] = v;
    } else if (v === threshold) {
      ties++;
    }
  }
  return tailFromKept(buf, kept, ties, threshold, virtual, below);
}

/**
 * The filtered path's answer from the `kept` values below `threshold` in `buf[0, kept)` (any
 * order; permuted) and the count of values equal to it: FILTER_FAILED when they are fewer than
 * `below + 2`, else the interpolated percentile, with `x_below` left in `buf[0]`. The same order
 * statistics whatever the threshold, so the same bits.
 */
export function tailFromKept(buf: Float64Array, kept: number, ties: number, threshold: number, virtual: number, below: number): number {
  if (kept + ties < below + 2) return FILTER_FAILED;
  // In sorted order the kept values come first, then `ties` copies of the threshold.
  const a = below < kept ? quickselect(buf, below, 0, kept - 1) : threshold;
  const t = virtual - below;
  buf[0] = a;
  if (t === 0) return a;
  let b = threshold;
  for (let i = below + 1; i < kept; i++) if (buf[i] < b) b = buf[i];
  return lerp(a, b, t);
}

/** Puts `v` at the root of the max-heap `heap[0, size)` and sifts it down to its place. */
function siftDown(heap: Float64Array, v: number, size: number): void {
  let c = 0;
  for (;;) {
    let child = 2 * c + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1] > heap[child]) child++;
    if (heap[child] <= v) break;
    heap[c] = heap[child];
    c = child;
  }
  heap[c] = v;
}

/** numpy's `_lerp`: `a + (b - a) * t`, or `b - (b - a) * (1 - t)` when `t >= 0.5`. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * Mean of the `k + 1` smallest values of `src[start, end)`, given `xk`, the k-th smallest
 * (0-based): `(Σ x < xk + (k + 1 − #{x < xk}) · xk) / (k + 1)`, so ties at `xk` fill the tail
 * only up to k + 1 values. With `k = floor((m − 1) · 0.05)` this is the expected shortfall
 * (CVaR 95%) of DESIGN.md §5. One pass, no allocation; NaN when the slice has fewer than k + 1
 * values.
 */
export function lowerTailMean(src: ArrayLike<number>, k: number, xk: number, start = 0, end = src.length): number {
  if (end - start < k + 1) return NaN;
  let s = 0;
  let c = 0;
  for (let i = start; i < end; i++) {
    const v = src[i];
    if (v < xk) {
      s += v;
      c++;
    }
  }
  return (s + (k + 1 - c) * xk) / (k + 1);
}

/**
 * Mean of the values of `src[start, end)` that are `<= threshold` (the tail mean behind CVaR /
 * expected shortfall). NaN when no value qualifies.
 */
export function tailMean(src: ArrayLike<number>, threshold: number, start = 0, end = src.length): number {
  let s = 0;
  let c = 0;
  for (let i = start; i < end; i++) {
    const v = src[i];
    if (v <= threshold) {
      s += v;
      c++;
    }
  }
  return c > 0 ? s / c : NaN;
}

/**
 * `lowerTailMean(src, k, xk, start, end)` and `squaredSums(src, mu, sums, start, end)` in one pass
 * (the metrics call both on the same returns): `sums[0]` = Σ(x − mu)², `sums[1]` = Σ min(x, 0)²,
 * each sum added left to right as the separate functions add it, so every value is the same bits.
 * Returns the tail mean.
 */
export function lowerTailMeanAndSquaredSums(
  src: ArrayLike<number>, k: number, xk: number, mu: number, sums: Float64Array, start = 0, end = src.length,
): number {
  let s = 0;
  let c = 0;
  let ss = 0;
  let down = 0;
  for (let i = start; i < end; i++) {
    const v = src[i];
    const d = v - mu;
    ss += d * d;
    if (v < 0) down += v * v;
    if (v < xk) {
      s += v;
      c++;
    }
  }
  sums[0] = ss;
  sums[1] = down;
  return end - start < k + 1 ? NaN : (s + (k + 1 - c) * xk) / (k + 1);
}
