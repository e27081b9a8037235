/**
 * DMA-ATR-Trend written the slow, obvious way (O(n·window) SMAs, TA-Lib's ATR spelled out) for
 * independent re-computations in tests. Long side only (spot).
 */
export interface NaiveBars { open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array }

export function naiveSma(x: Float64Array, w: number): number[] {
  return Array.from(x, (_, t) => {
    if (t < w - 1) return NaN;
    let s = 0;
    for (let i = t - w + 1; i <= t; i++) s += x[i];
    return s / w;
  });
}

/** TA-Lib ATR: TR from bar 1, first ATR at bar p = mean(TR[1..p]), then Wilder smoothing. */
export function naiveAtr(b: NaiveBars, p: number): number[] {
  const n = b.close.length;
  const tr = Array.from({ length: n }, (_, t) => (t === 0 ? NaN
    : Math.max(b.high[t] - b.low[t], Math.abs(b.high[t] - b.close[t - 1]), Math.abs(b.low[t] - b.close[t - 1]))));
  const out = new Array<number>(n).fill(NaN);
  if (n <= p) return out;
  let a = 0;
  for (let t = 1; t <= p; t++) a += tr[t];
  out[p] = a / p;
  for (let t = p + 1; t < n; t++) out[t] = (out[t - 1] * (p - 1) + tr[t]) / p;
  return out;
}

/** Long entries/exits and the ATR of DMA-ATR-Trend (SMA) with stops on. */
export function naiveDmaLong(b: NaiveBars, p: { short: number; long: number; trend: number; atr: number }) {
  const fast = naiveSma(b.close, p.short);
  const slow = naiveSma(b.close, p.long);
  const trend = naiveSma(b.close, p.trend);
  const atr = naiveAtr(b, p.atr);
  const def = (...v: number[]) => v.every((x) => !Number.isNaN(x));
  const n = b.close.length;
  const le: boolean[] = [];
  const lx: boolean[] = [];
  for (let t = 0; t < n; t++) {
    const ok = t > 0 && def(fast[t], slow[t], fast[t - 1], slow[t - 1]);
    const up = ok && fast[t] > slow[t] && fast[t - 1] <= slow[t - 1];
    const down = ok && fast[t] < slow[t] && fast[t - 1] >= slow[t - 1];
    le.push(up && def(trend[t], atr[t]) && b.close[t] > trend[t]);
    lx.push(down);
  }
  return { le, lx, atr };
}
