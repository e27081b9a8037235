import { atr } from '../../kernels/indicators/atr.js';
import { adx } from '../../kernels/indicators/adx.js';
import { ema } from '../../kernels/indicators/ema.js';
import { sma, sma3 } from '../../kernels/indicators/sma.js';
import { wma } from '../../kernels/indicators/wma.js';
import { crosses } from '../../kernels/cross.js';
import { cleanSameBar, confirmCrosses, enforceEntryGap } from '../../kernels/signal-filters.js';
import type { Issue } from '../../base/result.js';
import { atrOrderInputs } from './atr-orders.js';
import { defineLazyStops, tagScaledStops } from './scaled-stops.js';
import type { DmaAtrTrendParams } from './dma-atr-trend.js';
import { BaseStrategy, type IndicatorCache, type Signals, type StrategyRuntime } from './strategy.js';

/*
 * The DMA-ATR-Trend computation, kept apart from its zod parameter schema (dma-atr-trend.ts) so
 * that optimizer worker threads, which receive validated parameters, start without loading zod.
 */

const MA = { SMA: sma, EMA: ema, WMA: wma } as const;

/**
 * DMA-ATR-Trend (the guide's strategy, DESIGN.md §3a): short/long MA cross filtered by a trend MA,
 * ATR stop-loss/take-profit, optional ADX filter and signal processing.
 */
export class DMAATRTrendStrategy extends BaseStrategy<DmaAtrTrendParams> {
  private short!: Float64Array;
  private long!: Float64Array;
  private trend!: Float64Array;
  private atrSeries!: Float64Array;
  private adxSeries: Float64Array | null = null;

  initIndicators(): void {
    const p = this.params;
    const { close, high, low } = this.frame;
    const t = p.ma_type;
    const windows = [p.short_ma_window, p.long_ma_window, p.trend_ma_window] as const;
    // SMAs not in the cache yet are computed together in one pass (sma3: the same values); the
    // first one asked for computes all three, the others take theirs.
    let batch: Float64Array[] | null = null;
    const ma = (i: number) => (): Float64Array => {
      if (t !== 'SMA') return MA[t](close, windows[i]);
      batch ??= sma3(close, windows[0], windows[1], windows[2]);
      return batch[i];
    };
    this.short = this.indicator(`${t} ${p.short_ma_window}`, `${t}(close,${p.short_ma_window})`, ma(0), 'price');
    this.long = this.indicator(`${t} ${p.long_ma_window}`, `${t}(close,${p.long_ma_window})`, ma(1), 'price');
    this.trend = this.indicator(`${t} ${p.trend_ma_window} (trend)`, `${t}(close,${p.trend_ma_window})`, ma(2), 'price');
    this.atrSeries = this.indicator(`ATR ${p.atr_period}`, atrKey(p.atr_period), () => atr(high, low, close, p.atr_period));
    if (p.use_adx) {
      this.adxSeries = this.indicator(`ADX ${p.adx_period}`, `ADX(${p.adx_period})`, () => adx(high, low, close, p.adx_period).adx);
    }
  }

  generateSignals(): Signals {
    const p = this.params;
    const n = this.frame.length;
    const close = this.frame.close;
    const s = this.emptySignals();
    const swap = this.context.market === 'swap';
    // The crosses are written straight into the exit arrays they become (long exits are the down
    // crosses; on swap, short exits are the up crosses): no copies. They are read as entry
    // candidates before clean_signals may change them.
    const up = swap ? s.shortExits : new Uint8Array(n);
    const down = s.longExits;
    const k = p.signal_confirmation_bars;
    const filter: TrendFilter = {
      close, trend: this.trend, atr: p.sl_atr_multiplier > 0 || p.tp_atr_multiplier > 0 ? this.atrSeries : null,
      adx: this.adxSeries, adxMin: p.adx_threshold,
    };
    if (k === 0) {
      // A cross is its own confirmation: crosses and entries in one pass over the bars.
      crossEntries(this.short, this.long, filter, up, down, s.longEntries, swap ? s.shortEntries : null);
    } else {
      crosses(this.short, this.long, up, down);
      const longCand = confirmCrosses(up, this.short, this.long, k, 1, new Uint8Array(n));
      const shortCand = swap ? confirmCrosses(down, this.short, this.long, k, -1, new Uint8Array(n)) : null;
      filteredEntries(longCand, shortCand, filter, s.longEntries, s.shortEntries);
    }
    if (p.clean_signals) {
      cleanSameBar(s.longEntries, s.longExits);
      cleanSameBar(s.shortEntries, s.shortExits);
    }
    enforceEntryGap(s.longEntries, s.shortEntries, p.min_signal_gap);

    // The stop distances are m × ATR: made only when read (scaled-stops.ts); the simulator reads
    // ATR[t] × m at the signal bars.
    const { cache } = this.context;
    const atrSeries = this.atrSeries;
    const signals = defineLazyStops(
      { ...s, ...atrOrderInputs(close, atrSeries, s, { trailMultiplier: p.trailing_atr_multiplier, entryOffset: p.entry_offset_atr, entryOrder: p.entry_order }) },
      (key) => atrStopDistance(cache, p.atr_period, key === 'slDistance' ? p.sl_atr_multiplier : p.tp_atr_multiplier, () => atrSeries),
    );
    return tagScaledStops(Object.assign(signals, { slFraction: p.sl_stop, tpFraction: p.tp_stop }), {
      base: atrSeries, sl: p.sl_atr_multiplier > 0 ? p.sl_atr_multiplier : 0, tp: p.tp_atr_multiplier > 0 ? p.tp_atr_multiplier : 0,
    });
  }
}

/** What an entry candidate must pass at its bar: trend side, warmed-up ATR (when stops use it), ADX above its threshold. */
interface TrendFilter {
  readonly close: Float64Array;
  readonly trend: Float64Array;
  /** null: the stops do not use ATR. */
  readonly atr: Float64Array | null;
  readonly adx: Float64Array | null;
  readonly adxMin: number;
}

/** Whether bar t's filters are read and ready (every indicator in use warmed up). */
function ready(f: TrendFilter, t: number, trend: number): boolean {
  return trend === trend && (f.atr === null || f.atr[t] === f.atr[t]) && (f.adx === null || f.adx[t] > f.adxMin);
}

/**
 * `crosses(a, b, up, down)` and the entries of unconfirmed crosses in the same pass: a long entry
 * at an up-cross above the trend, a short entry (when `shortEntries` is given) at a down-cross
 * below it. Same values as `crosses` then `filteredEntries`, without a second pass over the bars.
 */
function crossEntries(
  a: Float64Array, b: Float64Array, f: TrendFilter, up: Uint8Array, down: Uint8Array, longEntries: Uint8Array, shortEntries: Uint8Array | null,
): void {
  const n = a.length;
  if (n === 0) return;
  // Locals, not fields, inside the per-bar loop.
  const { close, trend: trendMa, atr, adx, adxMin } = f;
  const shorts = shortEntries !== null;
  up[0] = 0;
  down[0] = 0;
  for (let t = 1; t < n; t++) {
    // The previous bar's values are read again rather than carried in locals (which V8 may keep
    // as heap numbers, one allocation per bar, depending on how the loop was compiled).
    const a0 = a[t - 1];
    const b0 = b[t - 1];
    const a1 = a[t];
    const b1 = b[t];
    const u = a1 > b1 && a0 <= b0 ? 1 : 0;
    const d = a1 < b1 && a0 >= b0 ? 1 : 0;
    up[t] = u;
    down[t] = d;
    // The filters are read on every bar (sequential reads; at the scattered cross bars alone they
    // would mostly miss the cache), used only at crosses.
    const trend = trendMa[t];
    const c = close[t];
    const ok = trend === trend && (atr === null || atr[t] === atr[t]) && (adx === null || adx[t] > adxMin);
    if (u === 1 && ok && c > trend) longEntries[t] = 1;
    if (shorts && d === 1 && ok && c < trend) shortEntries[t] = 1;
  }
}

/** Entries at the candidate bars (1 in `longCand`/`shortCand`) that pass the filters at that bar. */
function filteredEntries(longCand: Uint8Array, shortCand: Uint8Array | null, f: TrendFilter, longEntries: Uint8Array, shortEntries: Uint8Array): void {
  const { close, trend: trendMa } = f;
  for (let t = 0; t < longCand.length; t++) {
    const lc = longCand[t];
    const sc = shortCand === null ? 0 : shortCand[t];
    if (lc !== 1 && sc !== 1) continue;
    const trend = trendMa[t];
    const ok = ready(f, t, trend);
    if (lc === 1 && ok && close[t] > trend) longEntries[t] = 1;
    if (sc === 1 && ok && close[t] < trend) shortEntries[t] = 1;
  }
}

/** The cache key of ATR(period). */
export function atrKey(period: number): string {
  return `ATR(${period})`;
}

/**
 * An entry's stop distance `multiplier × ATR(period)` (null when the multiplier is 0: no such
 * stop), shared through the cache: parameter sets differ in multipliers far more often than in ATR
 * periods. The optimizer's fast path calls this too, so both use one key and one arithmetic.
 */
export function atrStopDistance(cache: IndicatorCache, period: number, multiplier: number, atr: () => Float64Array): Float64Array | null {
  if (!(multiplier > 0)) return null;
  return cache.get(`${atrKey(period)}*${multiplier}`, () => scaled(atr(), multiplier));
}

function scaled(src: Float64Array, m: number): Float64Array {
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i] * m;
  return out;
}

/** Cross-parameter rules: the MA windows must nest (short < long < trend). */
export function dmaAtrTrendConstraints(p: DmaAtrTrendParams): Issue[] {
  const issues: Issue[] = [];
  if (p.short_ma_window >= p.long_ma_window) {
    issues.push({ code: 'constraint', path: 'short_ma_window', message: `(${p.short_ma_window}) must be smaller than long_ma_window (${p.long_ma_window})` });
  }
  if (p.long_ma_window >= p.trend_ma_window) {
    issues.push({ code: 'constraint', path: 'long_ma_window', message: `(${p.long_ma_window}) must be smaller than trend_ma_window (${p.trend_ma_window})` });
  }
  return issues;
}

/** Identity and class of DMA-ATR-Trend; the full definition (dma-atr-trend.ts) adds validation. */
export const dmaAtrTrendRuntime = {
  id: 'dma_atr_trend',
  name: 'DMA-ATR-Trend',
  className: 'DMAATRTrendStrategy',
  strategyClass: DMAATRTrendStrategy,
} as const satisfies StrategyRuntime<DmaAtrTrendParams> & { className: string };
