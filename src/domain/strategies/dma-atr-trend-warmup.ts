import type { DmaAtrTrendParams } from './dma-atr-trend.js';

/**
 * Convergence factors of the recursive indicators: an EMA (α = 2/(w+1)) seeded with the SMA of its
 * first window still carries the seed with weight (1−α)^k after k more bars, ≈ e^(−4) ≈ 1.8 % after
 * 2w more; Wilder's smoothing (α = 1/p, ATR and ADX) gets there after 4p more. So an EMA needs 3
 * windows of history and a Wilder average 5 periods (ADX: 6, its DX average starts after 2p).
 */
export const EMA_WARMUP_WINDOWS = 3;
export const WILDER_WARMUP_PERIODS = 5;
export const ADX_WARMUP_PERIODS = 6;

/**
 * DMA-ATR-Trend's warm-up (docs/strategies.md): bars before the first bar that can carry a valid
 * signal. A cross at bar t reads the MAs at t−1, so an SMA/WMA of window w needs w bars; an EMA
 * 3w; ATR (when a stop, trailing stop or entry offset uses it) 5·atr_period; ADX (use_adx)
 * 6·adx_period; `signal_confirmation_bars` adds its k bars. Defaults: SMA 200 → 200 bars.
 */
export function dmaAtrTrendWarmup(p: DmaAtrTrendParams): number {
  const maFactor = p.ma_type === 'EMA' ? EMA_WARMUP_WINDOWS : 1;
  let bars = maFactor * Math.max(p.short_ma_window, p.long_ma_window, p.trend_ma_window);
  const atrUsed = p.sl_atr_multiplier > 0 || p.tp_atr_multiplier > 0 || (p.trailing_atr_multiplier ?? 0) > 0 || (p.entry_offset_atr ?? 0) > 0;
  if (atrUsed) bars = Math.max(bars, WILDER_WARMUP_PERIODS * p.atr_period);
  if (p.use_adx) bars = Math.max(bars, ADX_WARMUP_PERIODS * p.adx_period);
  return bars + p.signal_confirmation_bars;
}
