/**
 * Buy-and-hold benchmark over the run's bars (DESIGN.md §5, catalog `benchmark_return`): buy
 * `initCash / close[0]` units at the first bar's close, no fees, no slippage, hold to the end;
 * value at bar t is `units * close[t]`. `close` is the traded symbol's closes, or those of
 * `--benchmark SYMBOL` aligned to the run's bars.
 */

/**
 * `close[bars-1] / close[0] - 1` (`bars` defaults to all of `close`); NaN when there are no bars
 * or either price is not positive and finite.
 */
export function benchmarkReturn(close: ArrayLike<number>, bars = close.length): number {
  const n = Math.min(bars, close.length);
  if (n <= 0) return NaN;
  const first = close[0];
  const last = close[n - 1];
  if (!(first > 0 && first < Infinity && last > 0 && last < Infinity)) return NaN;
  return last / first - 1;
}

/**
 * Buy-and-hold equity curve: `out[t] = (initCash / close[0]) * close[t]`, so `out[0] = initCash`
 * and `out[n-1] / initCash - 1` equals `benchmarkReturn(close)` (up to rounding). All NaN when
 * `close[0]` is not a positive finite price.
 */
export function benchmarkEquity(
  close: ArrayLike<number>,
  initCash: number,
  out: Float64Array = new Float64Array(close.length),
): Float64Array {
  const first = close.length > 0 ? close[0] : NaN;
  const units = first > 0 && first < Infinity ? initCash / first : NaN;
  for (let t = 0; t < close.length; t++) out[t] = units * close[t];
  return out;
}
