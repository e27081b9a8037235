/**
 * Combinatorially symmetric cross-validation (CSCV) and the probability of backtest overfitting
 * (Bailey, Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", 2015).
 *
 * Input: N combinations × S blocks of per-bar returns, as block sums (`blockReturnSums`): bars
 * per block, Σr and Σr² per (combination, block). For each of the C(S, S/2) ways to choose S/2
 * blocks as the in-sample set (the rest out of sample), in lexicographic order of the chosen
 * blocks: the combination n* with the best in-sample Sharpe ratio (per bar: mean/std, ddof 1;
 * ties → lowest combination index; NaN ranks last) is ranked out of sample among all N: rank =
 * #{worse OOS Sharpe} + (#{equal} + 1)/2 (mid-rank, NaN counts as the worst), ω = rank/(N+1),
 * logit λ = ln(ω/(1−ω)). PBO = share of splits with λ ≤ 0.
 */

/** Per-split outputs, one entry per split. */
export interface CscvSplits {
  /** Bit b set = block b in sample. */
  readonly mask: Int32Array;
  /** Index of the in-sample best combination (-1 when no combination has a defined Sharpe). */
  readonly best: Int32Array;
  readonly isSharpe: Float64Array;
  readonly oosSharpe: Float64Array;
  readonly rank: Float64Array;
  readonly omega: Float64Array;
  readonly logit: Float64Array;
}

/** C(n, k) as a double (exact up to 2^53). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Every S/2-subset of S blocks as a bitmask, in lexicographic order of the chosen blocks. */
export function splitMasks(blocks: number): Int32Array {
  const half = blocks / 2;
  const out = new Int32Array(binomial(blocks, half));
  const idx = Array.from({ length: half }, (_, i) => i);
  for (let s = 0; s < out.length; s++) {
    let m = 0;
    for (const i of idx) m |= 1 << i;
    out[s] = m;
    let j = half - 1;
    while (j >= 0 && idx[j] === blocks - half + j) j--;
    if (j < 0) break;
    idx[j]++;
    for (let k = j + 1; k < half; k++) idx[k] = idx[k - 1] + 1;
  }
  return out;
}

function sharpe(sum: number, sumSq: number, count: number): number {
  if (count < 2) return NaN;
  const mean = sum / count;
  const v = (sumSq - count * mean * mean) / (count - 1);
  return v > 0 ? mean / Math.sqrt(v) : NaN;
}

/** Memory allowed for the subset-sum tables (bytes). */
const SUBSET_TABLE_BYTES = 128 * 1024 * 1024;

/**
 * A function writing each combination's in-sample Σr and Σr² for split mask m. When the tables
 * fit in SUBSET_TABLE_BYTES, the sums are (subset of the low blocks) + (subset of the high
 * blocks), each precomputed for every subset (2 loads per combination instead of S/2); otherwise
 * the blocks are added directly.
 */
function inSampleSums(sums: Float64Array, combos: number, S: number, tableBytes: number): (m: number, s: Float64Array, q: Float64Array) => void {
  const lo = S >> 1;
  const hi = S - lo;
  if ((2 << hi) * combos * 16 > tableBytes) {
    return (m, s, q) => {
      for (let n = 0; n < combos; n++) {
        let a = 0;
        let c = 0;
        for (let b = 0; b < S; b++) if (m & (1 << b)) { a += sums[(n * S + b) * 2]; c += sums[(n * S + b) * 2 + 1]; }
        s[n] = a;
        q[n] = c;
      }
    };
  }
  const loS = subsetSums(sums, combos, S, 0, lo, 0);
  const loQ = subsetSums(sums, combos, S, 0, lo, 1);
  const hiS = subsetSums(sums, combos, S, lo, hi, 0);
  const hiQ = subsetSums(sums, combos, S, lo, hi, 1);
  const loMask = (1 << lo) - 1;
  return (m, s, q) => {
    const oL = (m & loMask) * combos;
    const oH = (m >>> lo) * combos;
    for (let n = 0; n < combos; n++) {
      s[n] = loS[oL + n] + hiS[oH + n];
      q[n] = loQ[oL + n] + hiQ[oH + n];
    }
  };
}

/**
 * For every subset m of the `count` blocks from `first`, Σ over those blocks of field `f` (0: Σr,
 * 1: Σr²) of each combination: `out[m·combos + n]`. Built by adding one block to a smaller subset.
 */
function subsetSums(sums: Float64Array, combos: number, S: number, first: number, count: number, f: number): Float64Array {
  const out = new Float64Array((1 << count) * combos);
  for (let m = 1; m < 1 << count; m++) {
    const b = 31 - Math.clz32(m & -m);
    const rest = (m & (m - 1)) * combos;
    const o = m * combos;
    for (let n = 0; n < combos; n++) out[o + n] = out[rest + n] + sums[(n * S + first + b) * 2 + f];
  }
  return out;
}

/** Per-split outputs for `splits` splits (each array on `alloc`'s buffers, e.g. SharedArrayBuffers). */
export function allocCscvSplits(masks: Int32Array, alloc: (bytes: number) => ArrayBufferLike = (b) => new ArrayBuffer(b)): CscvSplits {
  const K = masks.length;
  const f = (): Float64Array => new Float64Array(alloc(K * 8));
  return { mask: masks, best: new Int32Array(alloc(K * 4)), isSharpe: f(), oosSharpe: f(), rank: f(), omega: f(), logit: f() };
}

/**
 * Runs CSCV. `bars[b]`: bars in block b; `sums[(n·S + b)·2]` = Σr, `+1` = Σr² of combination n.
 * Never throws: undefined Sharpe ratios are NaN and rank last. `tableBytes`: memory allowed for
 * the subset-sum tables (tests force the direct path with 0).
 */
export function cscv(combos: number, bars: ArrayLike<number>, sums: Float64Array, tableBytes = SUBSET_TABLE_BYTES): CscvSplits {
  const out = allocCscvSplits(splitMasks(bars.length));
  cscvRange(combos, bars, sums, out, 0, out.mask.length, tableBytes);
  return out;
}

/**
 * Scores splits [first, end) of `out.mask` into `out` (the other entries are left alone). Every
 * split depends only on the block sums, so any partition of the splits into ranges, scored in
 * any order or thread, writes the same values as one `cscv` call.
 */
export function cscvRange(combos: number, bars: ArrayLike<number>, sums: Float64Array, out: CscvSplits, first: number, end: number, tableBytes = SUBSET_TABLE_BYTES): void {
  const S = bars.length;
  const masks = out.mask;
  // Totals per combination: out-of-sample = total − in-sample.
  const totS = new Float64Array(combos);
  const totQ = new Float64Array(combos);
  let totBars = 0;
  for (let b = 0; b < S; b++) totBars += bars[b];
  for (let n = 0; n < combos; n++) {
    let s = 0;
    let q = 0;
    for (let b = 0; b < S; b++) {
      s += sums[(n * S + b) * 2];
      q += sums[(n * S + b) * 2 + 1];
    }
    totS[n] = s;
    totQ[n] = q;
  }
  const oos = new Float64Array(combos);
  const isS = new Float64Array(combos);
  const isQ = new Float64Array(combos);
  const fill = inSampleSums(sums, combos, S, tableBytes);
  for (let k = first; k < end; k++) {
    const m = masks[k];
    let isBars = 0;
    for (let b = 0; b < S; b++) if (m & (1 << b)) isBars += bars[b];
    fill(m, isS, isQ);
    const oosBars = totBars - isBars;
    let best = -1;
    let bestIs = NaN;
    for (let n = 0; n < combos; n++) {
      const is = sharpe(isS[n], isQ[n], isBars);
      oos[n] = sharpe(totS[n] - isS[n], totQ[n] - isQ[n], oosBars);
      if (is === is && (best < 0 || is > bestIs)) {
        best = n;
        bestIs = is;
      }
    }
    out.best[k] = best;
    out.isSharpe[k] = bestIs;
    if (best < 0) {
      out.oosSharpe[k] = out.rank[k] = out.omega[k] = out.logit[k] = NaN;
      continue;
    }
    const x = oos[best];
    let below = 0;
    let equal = 0;
    for (let n = 0; n < combos; n++) {
      const v = oos[n];
      if (x !== x) { if (v !== v) equal++; continue; }
      if (v !== v || v < x) below++;
      else if (v === x) equal++;
    }
    const rank = below + (equal + 1) / 2;
    const omega = rank / (combos + 1);
    out.oosSharpe[k] = x;
    out.rank[k] = rank;
    out.omega[k] = omega;
    out.logit[k] = Math.log(omega / (1 - omega));
  }
}
