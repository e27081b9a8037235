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

/**
 * Runs CSCV. `bars[b]`: bars in block b; `sums[(n·S + b)·2]` = Σr, `+1` = Σr² of combination n.
 * Never throws: undefined Sharpe ratios are NaN and rank last.
 */
export function cscv(combos: number, bars: ArrayLike<number>, sums: Float64Array): CscvSplits {
  const S = bars.length;
  const masks = splitMasks(S);
  const K = masks.length;
  const out: CscvSplits = {
    mask: masks, best: new Int32Array(K), isSharpe: new Float64Array(K), oosSharpe: new Float64Array(K),
    rank: new Float64Array(K), omega: new Float64Array(K), logit: new Float64Array(K),
  };
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
  const inBlocks = new Int32Array(S / 2);
  for (let k = 0; k < K; k++) {
    const m = masks[k];
    let isBars = 0;
    let c = 0;
    for (let b = 0; b < S; b++) if (m & (1 << b)) { inBlocks[c++] = b; isBars += bars[b]; }
    let best = -1;
    let bestIs = NaN;
    for (let n = 0; n < combos; n++) {
      let s = 0;
      let q = 0;
      const base = n * S;
      for (let j = 0; j < c; j++) {
        const o = (base + inBlocks[j]) * 2;
        s += sums[o];
        q += sums[o + 1];
      }
      const is = sharpe(s, q, isBars);
      oos[n] = sharpe(totS[n] - s, totQ[n] - q, totBars - isBars);
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
  return out;
}
