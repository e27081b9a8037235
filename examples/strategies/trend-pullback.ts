/**
 * An example of the issue-10 order features in a user strategy: an hourly EMA cross, taken only
 * while the 4h close is above its 4h SMA (`this.informative('4h')`, no look-ahead), entered with a
 * limit order half an ATR below the signal close (valid for the portfolio's `entry_expiry_bars`),
 * and protected by a trailing stop 3 ATR under the highest high since entry (armed after the
 * portfolio's `trailing_activation`). On another symbol it also waits for the market leader
 * (`market_filter`, BTC/USDT by default): its 4h close above its own 4h SMA
 * (`this.informative('4h', 'BTC/USDT')`, declared in `informativeSymbols` so the run loads it;
 * '' turns it off). `warmupBars` makes runs load the history its slowest series needs before
 * --start (on hourly bars). Run it with:
 *   npx backtester --exchange sample --symbols ETH/USDT --timeframe 1h --start 2023-01-01 --end 2024-01-01 \
 *     --strategy examples/strategies/trend-pullback.ts --portfolio-param entry_expiry_bars=3 \
 *     --portfolio-param trailing_activation=0.01 --portfolio-param finalize_trades=true --output results/pullback
 */
import { atr, BaseStrategy, ema, sma, type Signals } from 'backtester';

interface TrendPullbackParams {
  fast: number;
  slow: number;
  filter_window: number;
  atr_period: number;
  entry_offset_atr: number;
  trailing_atr: number;
  /** A symbol whose 4h trend must be up too ('' = off; the run's own symbol = the same filter again). */
  market_filter: string;
}

export default class TrendPullbackStrategy extends BaseStrategy<TrendPullbackParams> {
  static id = 'trend_pullback';
  static defaults: TrendPullbackParams = { fast: 12, slow: 48, filter_window: 50, atr_period: 14, entry_offset_atr: 0.5, trailing_atr: 3, market_filter: 'BTC/USDT' };
  static constraints(p: TrendPullbackParams): string[] {
    return p.fast < p.slow ? [] : [`fast (${p.fast}) must be below slow (${p.slow})`];
  }
  /** History before --start, in hourly bars: 3 windows for the EMA, the 4h SMA's window of 4h bars, 5 ATR periods. */
  static warmupBars(p: TrendPullbackParams): number {
    return Math.max(3 * p.slow, 4 * (p.filter_window + 1), 5 * p.atr_period);
  }
  /** Other symbols this strategy reads (the run loads them on its timeframe). */
  static informativeSymbols(p: TrendPullbackParams): string[] {
    return p.market_filter ? [p.market_filter] : [];
  }

  private fastMa!: Float64Array;
  private slowMa!: Float64Array;
  private atrSeries!: Float64Array;
  private filter!: Float64Array;
  private close4h!: Float64Array;
  private marketClose: Float64Array | null = null;
  private marketFilter: Float64Array | null = null;

  initIndicators(): void {
    const { close, high, low } = this.frame;
    const p = this.params;
    this.fastMa = this.indicator(`EMA ${p.fast}`, `EMA(close,${p.fast})`, () => ema(close, p.fast), 'price');
    this.slowMa = this.indicator(`EMA ${p.slow}`, `EMA(close,${p.slow})`, () => ema(close, p.slow), 'price');
    this.atrSeries = this.indicator(`ATR ${p.atr_period}`, `ATR(${p.atr_period})`, () => atr(high, low, close, p.atr_period));
    // The 4h bars of this symbol; their SMA is mapped onto the hourly bars, each 4h value appearing
    // at the hourly bar that closes its 4h bar.
    const h4 = this.informative('4h');
    this.close4h = h4.close;
    this.filter = this.indicator(`4h SMA ${p.filter_window}`, `4h:SMA(close,${p.filter_window})`, () => h4.align(sma(h4.frame.close, p.filter_window)), 'price');
    // The same filter on the market leader's 4h bars, aligned to this symbol's hourly bars by time.
    if (p.market_filter) {
      const m = this.informative('4h', p.market_filter);
      this.marketClose = m.close;
      this.marketFilter = this.indicator(`${p.market_filter} 4h SMA ${p.filter_window}`, `${p.market_filter}:4h:SMA(close,${p.filter_window})`,
        () => m.align(sma(m.frame.close, p.filter_window)));
    }
  }

  generateSignals(): Signals {
    const { close } = this.frame;
    const p = this.params;
    const n = this.frame.length;
    const s = this.emptySignals();
    const entryLevel = new Float64Array(n).fill(NaN);
    for (let t = 1; t < n; t++) {
      const up = this.fastMa[t] > this.slowMa[t] && this.fastMa[t - 1] <= this.slowMa[t - 1];
      const down = this.fastMa[t] < this.slowMa[t] && this.fastMa[t - 1] >= this.slowMa[t - 1];
      // NaN comparisons are false, so nothing fires before every series is warmed up.
      const marketUp = this.marketClose === null || this.marketClose[t] > this.marketFilter![t];
      if (up && marketUp && this.close4h[t] > this.filter[t] && this.atrSeries[t] > 0) {
        s.longEntries[t] = 1;
        entryLevel[t] = close[t] - p.entry_offset_atr * this.atrSeries[t];
      }
      if (down) s.longExits[t] = 1;
    }
    const trailDistance = this.atrSeries.map((a) => a * p.trailing_atr);
    return { ...s, slDistance: null, tpDistance: null, slFraction: 0, tpFraction: 0, entryLevel, entryOrder: 'limit', trailDistance };
  }
}
