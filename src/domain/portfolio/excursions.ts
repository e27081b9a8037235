import type { OhlcvFrame } from '../frame/frame.js';
import { EXIT_END_OPEN, EXIT_REVERSE, EXIT_SIGNAL, type TradeRecords } from '../../kernels/sim/records.js';
import type { ExecutionMode } from './spec.js';

/** Per-trade excursions, one entry per trade record. */
export interface TradeExcursions {
  /** Maximum adverse excursion: the worst unrealised return while open, a fraction of the entry price (≤ 0). */
  readonly mae: Float64Array;
  /** Maximum favourable excursion: the best unrealised return while open (≥ 0). */
  readonly mfe: Float64Array;
  /** Bars held: exit bar − entry bar (the last bar for a trade still open). */
  readonly barsHeld: Int32Array;
}

/**
 * MAE / MFE of every trade from the bars' lows and highs while it was open (docs/metrics.md
 * "Per-trade excursions"), as unrealised returns before fees: long `price / entry − 1`, short
 * `1 − price / entry`. The entry and exit prices always count. The entry bar's range counts when
 * the fill was at its open (`next_open`), not when it was at its close (`close`); the exit bar's
 * range counts for a signal or reverse exit at its close (`close` mode) and for a trade still
 * open at the end, not for an exit at its open or at a stop level inside it (the path after the
 * fill is not the trade's). Bars in between count whole.
 */
export function tradeExcursions(trades: TradeRecords, frame: Pick<OhlcvFrame, 'high' | 'low'>, execution: ExecutionMode): TradeExcursions {
  const n = trades.count;
  const mae = new Float64Array(n);
  const mfe = new Float64Array(n);
  const barsHeld = new Int32Array(n);
  const { high, low } = frame;
  for (let k = 0; k < n; k++) {
    const a = trades.entryIndex[k];
    const b = trades.exitIndex[k];
    const reason = trades.exitReason[k];
    const entry = trades.entryPrice[k];
    let hi = Math.max(entry, trades.exitPrice[k]);
    let lo = Math.min(entry, trades.exitPrice[k]);
    const from = execution === 'next_open' ? a : a + 1;
    const exitBarCounts = reason === EXIT_END_OPEN || (execution === 'close' && (reason === EXIT_SIGNAL || reason === EXIT_REVERSE));
    const to = exitBarCounts ? b : b - 1;
    for (let t = from; t <= to; t++) {
      if (high[t] > hi) hi = high[t];
      if (low[t] < lo) lo = low[t];
    }
    if (trades.side[k] > 0) {
      mae[k] = lo / entry - 1;
      mfe[k] = hi / entry - 1;
    } else {
      mae[k] = 1 - hi / entry;
      mfe[k] = 1 - lo / entry;
    }
    barsHeld[k] = b - a;
  }
  return { mae, mfe, barsHeld };
}
