/**
 * Per-block sums of an equity curve's per-bar returns, the input of CSCV (Bailey, Borwein,
 * López de Prado & Zhu 2015). Returns follow DESIGN.md §5: `r_0 = equity_0/initCash - 1`, then
 * `r_t = equity_t/equity_{t-1} - 1`, so the n bars give n returns. The bars are cut into
 * `blocks` contiguous blocks, block b = bars `[floor(b·n/S), floor((b+1)·n/S))`.
 */

/** Block b's first bar is `bounds[b]`, its end `bounds[b+1]` (S+1 entries). */
export function blockBounds(bars: number, blocks: number, out: Float64Array = new Float64Array(blocks + 1)): Float64Array {
  for (let b = 0; b <= blocks; b++) out[b] = Math.floor((b * bars) / blocks);
  return out;
}

/**
 * Writes, for each block b, `out[off + 2b] = Σ r_t` and `out[off + 2b + 1] = Σ r_t²` over the
 * block's bars. Allocates nothing; non-finite equity gives non-finite sums (never throws).
 */
export function blockReturnSums(equity: ArrayLike<number>, initCash: number, bounds: ArrayLike<number>, out: Float64Array, off = 0): void {
  const blocks = bounds.length - 1;
  let prev = initCash;
  for (let b = 0; b < blocks; b++) {
    let s = 0;
    let q = 0;
    const end = bounds[b + 1];
    for (let t = bounds[b]; t < end; t++) {
      const e = equity[t];
      const r = e / prev - 1;
      s += r;
      q += r * r;
      prev = e;
    }
    out[off + 2 * b] = s;
    out[off + 2 * b + 1] = q;
  }
}
