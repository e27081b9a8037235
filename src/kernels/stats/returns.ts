/**
 * Simple per-bar returns of an equity curve that started from `base` (the initial cash):
 * `out[0] = equity[0] / base - 1`, then `out[t] = equity[t] / equity[t-1] - 1`, so n values for
 * n bars (DESIGN.md §5, as the reference vectorized engine, pyfolio and zipline). Writes `[0, n)`
 * of `out` and returns `out`; `out` may be longer (a reused scratch buffer). A zero or non-finite
 * value gives a non-finite return; callers decide what that means.
 */
export function barReturns(
  equity: ArrayLike<number>,
  base: number,
  out: Float64Array = new Float64Array(equity.length),
): Float64Array {
  barReturnsSum(equity, base, out);
  return out;
}

/**
 * `barReturns` and the plain left-to-right sum of the returns in the same pass (so `sum / n`
 * equals `mean(returns)` bit for bit). Returns the sum; NaN/±Infinity propagate.
 */
export function barReturnsSum(equity: ArrayLike<number>, base: number, out: Float64Array): number {
  const n = equity.length;
  let s = 0;
  let prev = base;
  for (let t = 0; t < n; t++) {
    const e = equity[t];
    const r = e / prev - 1;
    out[t] = r;
    s += r;
    prev = e;
  }
  return s;
}

/** `checkedReturnsSum` flag: every equity value is finite. */
export const EQ_FINITE = 1;
/** `checkedReturnsSum` flag: every finite equity value is above 0. */
export const EQ_POSITIVE = 2;

/**
 * `barReturnsSum` plus, in the same pass, the checks the metrics need before using the returns:
 * `flags[0]` gets EQ_FINITE | EQ_POSITIVE for the parts that hold. One pass instead of two (each
 * pass over a long curve costs about as much as the other, so the metrics of an optimization run
 * faster); the returns and their sum are the same bits as `barReturnsSum`'s.
 */
export function checkedReturnsSum(equity: ArrayLike<number>, base: number, out: Float64Array, flags: Uint8Array): number {
  const n = equity.length;
  let s = 0;
  let prev = base;
  let finite = true;
  let positive = true;
  for (let t = 0; t < n; t++) {
    const e = equity[t];
    if (!Number.isFinite(e)) finite = false;
    else if (e <= 0) positive = false;
    const r = e / prev - 1;
    out[t] = r;
    s += r;
    prev = e;
  }
  flags[0] = (finite ? EQ_FINITE : 0) | (positive ? EQ_POSITIVE : 0);
  return s;
}
