/** Trades as rows for tables, tooltips and trade charts (from the columnar TradeRecords). */
import type { TradeExcursions } from '../../../../domain/portfolio/excursions.js';
import { EXIT_END_OPEN, EXIT_REASONS, type ExitReason, type TradeRecords } from '../../../../domain/portfolio/records.js';

export interface TradeRow {
  /** Position in the TradeRecords (trade number - 1). */
  readonly index: number;
  readonly side: 'long' | 'short';
  /** Still open at the last bar (marked to the last close, exit reason `end_open`). */
  readonly open: boolean;
  readonly entryIndex: number;
  readonly exitIndex: number;
  readonly entryTime: number;
  readonly exitTime: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly units: number;
  /** Entry fee + exit fee. */
  readonly fees: number;
  readonly pnl: number;
  readonly ret: number;
  readonly durationMs: number;
  readonly reason: ExitReason;
  /** Stop levels set at entry; NaN when the trade had no such stop. */
  readonly sl: number;
  readonly tp: number;
  /** Liquidation price of the position (isolated margin, docs/futures.md); NaN without margin. */
  readonly liq: number;
  /** Maximum adverse / favourable excursion while open, fractions of the entry price (docs/metrics.md); NaN without excursions. */
  readonly mae: number;
  readonly mfe: number;
}

/** One row per trade, in record order (entry order), with its excursions when given. */
export function tradeRows(t: TradeRecords, time: ArrayLike<number>, x?: Pick<TradeExcursions, 'mae' | 'mfe'>): TradeRow[] {
  const rows: TradeRow[] = [];
  for (let i = 0; i < t.count; i++) {
    const entryTime = time[t.entryIndex[i]];
    const exitTime = time[t.exitIndex[i]];
    rows.push({
      index: i, side: t.side[i] > 0 ? 'long' : 'short', open: t.exitReason[i] === EXIT_END_OPEN,
      entryIndex: t.entryIndex[i], exitIndex: t.exitIndex[i], entryTime, exitTime,
      entryPrice: t.entryPrice[i], exitPrice: t.exitPrice[i], units: t.units[i], fees: t.entryFee[i] + t.exitFee[i],
      pnl: t.pnl[i], ret: t.ret[i], durationMs: exitTime - entryTime, reason: EXIT_REASONS[t.exitReason[i]] ?? 'signal',
      sl: t.slLevel[i], tp: t.tpLevel[i], liq: t.liqPrice[i] > 0 ? t.liqPrice[i] : NaN, mae: x ? x.mae[i] : NaN, mfe: x ? x.mfe[i] : NaN,
    });
  }
  return rows;
}

/** The compact form embedded in pages for tooltips (short keys; NaN becomes null in JSON). */
export function tradeTooltipData(rows: readonly TradeRow[]): unknown[] {
  return rows.map((r) => ({
    n: r.index + 1, side: r.side, open: r.open, et: r.entryTime, xt: r.exitTime, ep: r.entryPrice, xp: r.exitPrice,
    u: r.units, fee: r.fees, pnl: r.pnl, ret: r.ret, d: r.durationMs, why: r.reason, sl: r.sl, tp: r.tp, mae: r.mae, mfe: r.mfe,
    // Only levered trades have a liquidation price (the price chart draws its levels from `lq`).
    ...(Number.isFinite(r.liq) ? { lq: r.liq } : {}),
  }));
}
