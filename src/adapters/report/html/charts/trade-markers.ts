/**
 * Trade and signal overlays for the price chart: entry markers (long ▲ green, short ▼ red), exit
 * markers (◆, green for a win, red for a loss), liquidations (a dark pin, apart from the other
 * exits), the open position, per-trade stop-loss and take-profit levels as short segments from
 * entry to exit, each levered position's liquidation level (docs/futures.md), and the raw
 * strategy signals.
 * Marker values are `[time, price, tradeIndex]` so the tooltip can show the whole trade.
 */
import type { Signals } from '../../../../domain/strategies/strategy.js';
import type { TradeRow } from '../analysis/trade-rows.js';
import type { ReportModel } from '../model.js';
import { tradeLevels } from '../columns.js';
import { COLORS } from './common.js';

export const SERIES = {
  longEntry: 'Long entry',
  shortEntry: 'Short entry',
  exit: 'Exit',
  open: 'Open position',
  stopLoss: 'Stop loss',
  takeProfit: 'Take profit',
  liquidation: 'Liquidation',
  liquidationLevel: 'Liquidation level',
  signals: 'Signals',
} as const;

function markers(name: string, data: unknown[], color: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'scatter', name, data, color, symbolSize: 11, z: 5, itemStyle: { borderColor: '#fff', borderWidth: 1 }, ...extra };
}

/** Stop segments as one line series with a gap (null) after each trade's segment. */
function segments(name: string, trades: readonly TradeRow[], level: (t: TradeRow) => number, color: string): Record<string, unknown> | null {
  const data: (number | null)[][] = [];
  for (const t of trades) {
    const y = level(t);
    if (!Number.isFinite(y)) continue;
    data.push([t.entryTime, y, t.index], [t.exitTime, y, t.index], [t.exitTime, null, t.index]);
  }
  if (data.length === 0) return null;
  return { type: 'line', name, data, color, showSymbol: false, symbol: 'none', connectNulls: false, z: 4, lineStyle: { width: 1.5, type: 'dashed' } };
}

/** Entry, exit, open-position and stop-level series for all trades (short entries only on swap markets). */
export function tradeMarkerSeries(m: ReportModel): Record<string, unknown>[] {
  const entry = (t: TradeRow) => [t.entryTime, t.entryPrice, t.index];
  const out: Record<string, unknown>[] = [
    markers(SERIES.longEntry, m.trades.filter((t) => t.side === 'long').map(entry), COLORS.long, { symbol: 'triangle' }),
  ];
  if (m.result.portfolio.market === 'swap' || m.trades.some((t) => t.side === 'short')) {
    out.push(markers(SERIES.shortEntry, m.trades.filter((t) => t.side === 'short').map(entry), COLORS.short, { symbol: 'triangle', symbolRotate: 180 }));
  }
  const liquidated = (t: TradeRow) => t.reason === 'liquidation';
  out.push(markers(SERIES.exit, m.closed.filter((t) => !liquidated(t)).map((t) => ({
    value: [t.exitTime, t.exitPrice, t.index], itemStyle: { color: t.pnl > 0 ? COLORS.win : COLORS.loss },
  })), COLORS.exit, { symbol: 'diamond' }));
  const liquidations = m.closed.filter(liquidated);
  if (liquidations.length > 0) {
    out.push(markers(SERIES.liquidation, liquidations.map((t) => [t.exitTime, t.exitPrice, t.index]), COLORS.liquidation, { symbol: 'pin', symbolSize: 18, z: 6 }));
  }
  const open = m.trades.filter((t) => t.open);
  if (open.length > 0) out.push(markers(SERIES.open, open.map((t) => [t.exitTime, t.exitPrice, t.index]), COLORS.open, { symbol: 'circle', symbolSize: 12 }));
  const sl = segments(SERIES.stopLoss, m.trades, (t) => t.sl, COLORS.loss);
  const tp = segments(SERIES.takeProfit, m.trades, (t) => t.tp, COLORS.win);
  if (sl) out.push(sl);
  if (tp) out.push(tp);
  const liq = liquidationLevels(m.trades);
  if (liq) out.push(liq);
  return out;
}

/**
 * Each levered position's liquidation price from entry to exit, as markLine segments of an empty
 * series (toggled by its legend entry). Mark lines do not widen the price axis, so a far-away
 * level (low leverage) never squashes the candles; null when no trade has a level (spot).
 */
export function liquidationLevels(trades: readonly TradeRow[]): Record<string, unknown> | null {
  if (!trades.some((t) => Number.isFinite(t.liq))) return null;
  return {
    type: 'line', name: SERIES.liquidationLevel, data: [], color: COLORS.liquidation, z: 4,
    markLine: {
      silent: true, symbol: 'none', animation: false, label: { show: false }, lineStyle: { color: COLORS.liquidation, width: 1.5, type: [2, 3] },
      // Built in the browser from the trades' tooltip data (entry, exit, `lq`): no second copy in the page.
      data: tradeLevels('lq'),
    },
  };
}

const SIGNAL_KINDS = [
  { key: 'longEntries', label: 'long entry signal', color: COLORS.long },
  { key: 'longExits', label: 'long exit signal', color: '#065f46' },
  { key: 'shortEntries', label: 'short entry signal', color: COLORS.short },
  { key: 'shortExits', label: 'short exit signal', color: '#7f1d1d' },
] as const;

/** Counts of each raw signal, for the signal table. */
export function signalCounts(s: Signals): { label: string; count: number }[] {
  return SIGNAL_KINDS.map((k) => {
    const a = s[k.key];
    let c = 0;
    for (let i = 0; i < a.length; i++) c += a[i] ? 1 : 0;
    return { label: k.label, count: c };
  });
}

/** Every raw signal the strategy produced (filled or not) as a small dot at that bar's close; null when there are none. */
export function signalSeries(m: ReportModel): Record<string, unknown> | null {
  const data: unknown[] = [];
  const { close } = m.result.frame;
  for (const k of SIGNAL_KINDS) {
    const a = m.result.signals[k.key];
    for (let i = 0; i < Math.min(a.length, m.n); i++) {
      if (a[i]) data.push({ value: [m.time[i], close[i]], name: k.label, itemStyle: { color: k.color } });
    }
  }
  if (data.length === 0) return null;
  return { type: 'scatter', name: SERIES.signals, data, symbol: 'circle', symbolSize: 5, z: 3, large: data.length > 2000 };
}
