/**
 * A worked example of a user strategy (docs/strategies.md walks through it).
 * Run it with:
 *   npx backtester --exchange sample --symbols BTC/USDT --timeframe 1h --start 2023-01-01 --end 2024-01-01 \
 *     --strategy examples/strategies/rsi-reversion.ts --param oversold=25 --output results/rsi
 */
import { BaseStrategy, rsi, sma, type Signals } from 'backtester';

interface RsiReversionParams {
  rsi_period: number;
  oversold: number;
  overbought: number;
  trend_window: number;
  stop_loss: number;
}

export default class RsiReversionStrategy extends BaseStrategy<RsiReversionParams> {
  /** The id used in outputs; defaults to the file name. */
  static id = 'rsi_reversion';
  /** Defaults double as the parameter list: unknown keys and wrong types are rejected. */
  static defaults: RsiReversionParams = { rsi_period: 14, oversold: 30, overbought: 70, trend_window: 200, stop_loss: 0.05 };
  /** What `--optimize` searches when neither `--range` nor a config gives ranges. */
  static optimizationRanges = { rsi_period: [10, 14], oversold: [25, 30] };
  static constraints(p: RsiReversionParams): string[] {
    return p.oversold < p.overbought ? [] : [`oversold (${p.oversold}) must be below overbought (${p.overbought})`];
  }

  private rsiSeries!: Float64Array;
  private trend!: Float64Array;

  initIndicators(): void {
    const { close } = this.frame;
    const p = this.params;
    // indicator(name for reports, cache key, compute, placement): each distinct series is computed once.
    this.rsiSeries = this.indicator(`RSI ${p.rsi_period}`, `RSI(${p.rsi_period})`, () => rsi(close, p.rsi_period));
    this.trend = this.indicator(`SMA ${p.trend_window}`, `SMA(close,${p.trend_window})`, () => sma(close, p.trend_window), 'price');
  }

  generateSignals(): Signals {
    const { close } = this.frame;
    const p = this.params;
    const s = this.emptySignals();
    for (let t = 1; t < this.frame.length; t++) {
      const prev = this.rsiSeries[t - 1];
      const now = this.rsiSeries[t];
      // Buy when RSI climbs back above the oversold line in an uptrend; sell when it leaves overbought.
      if (prev <= p.oversold && now > p.oversold && close[t] > this.trend[t]) s.longEntries[t] = 1;
      if (prev >= p.overbought && now < p.overbought) s.longExits[t] = 1;
    }
    return { ...s, slDistance: null, tpDistance: null, slFraction: p.stop_loss, tpFraction: 0 };
  }
}
