import { formatIsoUtc } from '../frame/dates.js';
import type { OhlcvFrame } from '../frame/frame.js';
import { EXIT_END_OPEN, EXIT_REASONS, type ExitReason, type TradeRecords } from '../../kernels/sim/records.js';
import { tradeExcursions } from './excursions.js';
import type { ExecutionMode } from './spec.js';

/** One trade as a row object (the same fields as a `trades.csv` row). */
export interface TradeListRow {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly status: 'closed' | 'open';
  /** ISO-8601 UTC open time of the entry bar. */
  readonly entryTime: string;
  /** ISO-8601 UTC open time of the exit bar; null while open. */
  readonly exitTime: string | null;
  readonly entryPrice: number;
  /** The fill price, or the last close for an open trade. */
  readonly exitPrice: number;
  readonly units: number;
  readonly entryFee: number;
  readonly exitFee: number;
  /** After both fees, quote currency. */
  readonly pnl: number;
  /** pnl / (units · entry price). */
  readonly return: number;
  readonly durationDays: number;
  readonly barsHeld: number;
  readonly exitReason: ExitReason;
  /** Maximum adverse / favourable excursion while open, fractions of the entry price (docs/metrics.md). */
  readonly mae: number;
  readonly mfe: number;
  /** Stop levels set at entry; NaN without such a stop. */
  readonly slLevel: number;
  readonly tpLevel: number;
  readonly entryBar: number;
  readonly exitBar: number;
}

/** The trades of a run as row objects, in record (entry) order. */
export function tradeList(symbol: string, trades: TradeRecords, frame: Pick<OhlcvFrame, 'time' | 'high' | 'low'>, execution: ExecutionMode): TradeListRow[] {
  const x = tradeExcursions(trades, frame, execution);
  const rows: TradeListRow[] = [];
  for (let i = 0; i < trades.count; i++) {
    const open = trades.exitReason[i] === EXIT_END_OPEN;
    const a = frame.time[trades.entryIndex[i]];
    const b = frame.time[trades.exitIndex[i]];
    rows.push({
      symbol, side: trades.side[i] > 0 ? 'long' : 'short', status: open ? 'open' : 'closed',
      entryTime: formatIsoUtc(a), exitTime: open ? null : formatIsoUtc(b),
      entryPrice: trades.entryPrice[i], exitPrice: trades.exitPrice[i], units: trades.units[i],
      entryFee: trades.entryFee[i], exitFee: trades.exitFee[i], pnl: trades.pnl[i], return: trades.ret[i],
      durationDays: (b - a) / 86_400_000, barsHeld: x.barsHeld[i], exitReason: EXIT_REASONS[trades.exitReason[i]],
      mae: x.mae[i], mfe: x.mfe[i], slLevel: trades.slLevel[i], tpLevel: trades.tpLevel[i],
      entryBar: trades.entryIndex[i], exitBar: trades.exitIndex[i],
    });
  }
  return rows;
}
