import type { DmaAtrTrendParams } from '../../domain/strategies/dma-atr-trend.js';
import { atrKey, atrStopDistance, DMAATRTrendStrategy } from '../../domain/strategies/dma-atr-trend-strategy.js';
import type { IndicatorCache, Signals, StrategyRuntime } from '../../domain/strategies/strategy.js';
import type { ParamSpace } from '../../domain/params/param-space.js';

/** What a combination adds to its group's signals: stop inputs that vary within a group. */
export type StopInputs = Pick<Signals, 'slDistance' | 'tpDistance' | 'slFraction' | 'tpFraction'>;

/**
 * Knowledge about one strategy that lets the optimizer share work between combinations without
 * changing a single number (docs/optimization.md "Fast path"):
 * - combinations with the same `signalKey` have identical entry/exit arrays, so the strategy
 *   computes them once per group (one instance per group instead of one per combination);
 * - `stops` gives a combination's stop inputs from the shared indicator cache through the very
 *   function the strategy's `generateSignals` uses;
 * - `coveringParams` lists parameter sets whose `initIndicators` together compute every indicator
 *   the space can use, so each is computed once per symbol before the workers start.
 * The tests prove fast path == generic path (every metric, bit for bit) on varied spaces.
 */
export interface FastPath<P extends object> {
  signalKey(p: P): string;
  stops(p: P, cache: IndicatorCache): StopInputs;
  coveringParams(space: ParamSpace<P>): P[];
}

function missing(key: string): Float64Array {
  throw new Error(`fast path: indicator ${key} is not in the cache (the strategy's initIndicators should have computed it)`);
}

/** DMA-ATR-Trend: signals depend on everything except the four stop parameters (and on whether ATR stops are on at all). */
export const dmaFastPath: FastPath<DmaAtrTrendParams> = {
  signalKey(p) {
    // Entries wait for ATR to be defined only when an ATR stop is on (DMA-ATR-Trend's `ready`).
    const atrGate = p.sl_atr_multiplier > 0 || p.tp_atr_multiplier > 0 ? p.atr_period : -1;
    const adx = p.use_adx ? `${p.adx_period}>${p.adx_threshold}` : '-';
    const key = `${p.ma_type}|${p.short_ma_window}|${p.long_ma_window}|${p.trend_ma_window}|${atrGate}|${adx}|${p.clean_signals ? 1 : 0}|${p.min_signal_gap}|${p.signal_confirmation_bars}`;
    // Trailing distances and entry levels are part of the group's signals (ATR of atr_period).
    const trail = p.trailing_atr_multiplier ?? 0;
    const offset = p.entry_offset_atr ?? 0;
    return trail > 0 || offset > 0 ? `${key}|${p.atr_period}|${trail}|${offset}|${p.entry_order ?? 'limit'}` : key;
  },
  stops(p, cache) {
    const key = atrKey(p.atr_period);
    const atr = () => cache.get(key, () => missing(key));
    const dist = (m: number) => atrStopDistance(cache, p.atr_period, m, atr);
    return { slDistance: dist(p.sl_atr_multiplier), tpDistance: dist(p.tp_atr_multiplier), slFraction: p.sl_stop, tpFraction: p.tp_stop };
  },
  coveringParams(space) {
    const vals = (key: keyof DmaAtrTrendParams): unknown[] => {
      const k = space.keys.indexOf(key);
      return k >= 0 ? [...space.values[k]] : [space.base[key]];
    };
    const lists = {
      short_ma_window: vals('short_ma_window'), long_ma_window: vals('long_ma_window'), trend_ma_window: vals('trend_ma_window'),
      atr_period: vals('atr_period'), adx_period: vals('adx_period'),
    };
    const useAdx = vals('use_adx').includes(true);
    const len = Math.max(...Object.values(lists).map((l) => l.length));
    const out: DmaAtrTrendParams[] = [];
    for (const maType of vals('ma_type')) {
      for (let i = 0; i < len; i++) {
        const p: Record<string, unknown> = { ...space.base, ma_type: maType, use_adx: useAdx };
        for (const [k, l] of Object.entries(lists)) p[k] = l[i % l.length];
        out.push(p as DmaAtrTrendParams);
      }
    }
    return out;
  },
};

/** The fast path of a built-in strategy (matched by its class, so a user strategy never gets one), else null. */
export function fastPathFor<P extends object>(def: StrategyRuntime<P>): FastPath<P> | null {
  if (def.strategyClass === (DMAATRTrendStrategy as unknown)) return dmaFastPath as unknown as FastPath<P>;
  return null;
}
