/** Trades as rows for tables, tooltips and trade charts (from the columnar TradeRecords). */
import type { TradeExcursions } from '../../../../domain/portfolio/excursions.js';
import { compactTimes, packColumn, roundColumn } from '../compact-column.js';
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

/**
 * The trades as the pages embed them (tooltips, markers, levels, the trade list): one column per
 * field, not one object per trade. Numbers are rounded and packed like every page column
 * (compact-column.ts; NaN becomes null), times are steps, the side is one letter a trade (`l`/`s`,
 * upper case when the trade won) and the exit reason an index into `reasons`. The client rebuilds
 * the trade objects (number, duration, open flag).
 */
export function tradeColumns(rows: readonly TradeRow[]): Record<string, unknown> {
  // The price chart and the trade list carry the same columns: built once per run's trade rows.
  const known = columnsByRows.get(rows);
  if (known !== undefined) return known;
  const col = (f: (r: TradeRow) => number) => {
    const values = rows.map(f);
    return packColumn(values) ?? roundColumn(values);
  };
  const out: Record<string, unknown> = {
    reasons: EXIT_REASONS,
    // Upper case for a winning trade (pnl > 0 at full precision: a rounded pnl may read 0).
    side: rows.map((r) => (r.pnl > 0 ? (r.side === 'long' ? 'L' : 'S') : r.side === 'long' ? 'l' : 's')).join(''),
    why: rows.map((r) => EXIT_REASONS.indexOf(r.reason)),
    et: compactTimes(rows.map((r) => r.entryTime)), xt: compactTimes(rows.map((r) => r.exitTime)),
    ep: col((r) => r.entryPrice), xp: col((r) => r.exitPrice), u: col((r) => r.units), fee: col((r) => r.fees),
    pnl: col((r) => r.pnl), ret: col((r) => r.ret), sl: col((r) => r.sl), tp: col((r) => r.tp),
    mae: col((r) => r.mae), mfe: col((r) => r.mfe),
  };
  // Only levered trades have a liquidation price (the price chart draws its levels from `lq`).
  if (rows.some((r) => Number.isFinite(r.liq))) out.lq = col((r) => r.liq);
  columnsByRows.set(rows, out);
  return out;
}

/** `tradeColumns` per trade-row array (a run's model keeps one), so the two pages share one packing. */
const columnsByRows = new WeakMap<readonly TradeRow[], Record<string, unknown>>();
