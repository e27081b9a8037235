/**
 * Trade and signal overlays for the price chart: entry markers (long ▲ green, short ▼ red), exit
 * markers (◆, green for a win, red for a loss), liquidations (a dark pin, apart from the other
 * exits), the open position, each trade's stop-loss, take-profit and (levered positions,
 * docs/futures.md) liquidation levels as short segments from entry to exit, and the raw strategy
 * signals.
 * Marker values are `[time, price, tradeIndex]` so the tooltip can show the whole trade; they are
 * built in the browser from the page's trade columns (columns.ts `tradePoints`).
 */
import type { Signals } from '../../../../domain/strategies/strategy.js';
import type { TradeRow } from '../analysis/trade-rows.js';
import type { ReportModel } from '../model.js';
import { tradeLevels, tradePoints } from '../columns.js';
import { COLORS, largeScatter } from './common.js';
import { compactTimes, packColumn, roundColumn } from '../compact-column.js';

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

/**
 * ▼: a triangle of negative height is drawn upside down, in large mode too (which ignores
 * `symbolRotate`, and hangs on a `path://` symbol in ECharts 6).
 */
const DOWN_TRIANGLE = { symbol: 'triangle', symbolSize: [11, -11] };

/**
 * A marker series. Many markers (common.ts LARGE_POINTS; a year of 1m has 12,000) are drawn in
 * large mode: the series as one path, no hover highlight (the tooltip still shows the trade),
 * instead of one element per symbol (about half a second for 12,000). Chromium's canvas
 * `closePath` costs time in proportion to the path's length, so a path of n closed symbols (▲ ◆
 * pins) takes time in n² (3,000: 34 ms, 6,000: 130 ms); ECharts draws a large series of more than
 * 10,000 points progressively, 5,000 to a path. Smaller progressive slices cost more than they
 * save: each waits for an animation frame before the chart is complete.
 */
function markers(name: string, data: unknown, count: number, color: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'scatter', name, data, color, symbolSize: 11, z: 5, itemStyle: { borderColor: '#fff', borderWidth: 1 },
    ...largeScatter(count), ...extra,
  };
}

/**
 * Entry, exit, open-position and stop-level series for all trades (short entries only on swap
 * markets). Exits are two series of the one legend entry "Exit", wins green and losses red (a
 * large-mode series has one colour).
 */
export function tradeMarkerSeries(m: ReportModel): Record<string, unknown>[] {
  const count = (f: (t: TradeRow) => boolean) => m.trades.filter(f).length;
  const out: Record<string, unknown>[] = [
    markers(SERIES.longEntry, tradePoints('long', 'et', 'ep'), count((t) => t.side === 'long'), COLORS.long, { symbol: 'triangle' }),
  ];
  if (m.result.portfolio.market === 'swap' || m.trades.some((t) => t.side === 'short')) {
    out.push(markers(SERIES.shortEntry, tradePoints('short', 'et', 'ep'), count((t) => t.side === 'short'), COLORS.short, DOWN_TRIANGLE));
  }
  const liquidated = (t: TradeRow) => t.reason === 'liquidation';
  const exit = (t: TradeRow) => !t.open && !liquidated(t);
  out.push(markers(SERIES.exit, tradePoints('exitWin', 'xt', 'xp'), count((t) => exit(t) && t.pnl > 0), COLORS.win, { symbol: 'diamond' }));
  out.push(markers(SERIES.exit, tradePoints('exitLoss', 'xt', 'xp'), count((t) => exit(t) && !(t.pnl > 0)), COLORS.loss, { symbol: 'diamond' }));
  const liquidations = count((t) => !t.open && liquidated(t));
  if (liquidations > 0) {
    out.push(markers(SERIES.liquidation, tradePoints('liquidation', 'xt', 'xp'), liquidations, COLORS.liquidation, { symbol: 'pin', symbolSize: 18, z: 6 }));
  }
  const open = count((t) => t.open);
  if (open > 0) out.push(markers(SERIES.open, tradePoints('open', 'xt', 'xp'), open, COLORS.open, { symbol: 'circle', symbolSize: 12 }));
  const has = (level: (t: TradeRow) => number) => m.trades.some((t) => Number.isFinite(level(t)));
  if (has((t) => t.sl)) out.push(tradeLevelSeries(SERIES.stopLoss, 'sl', COLORS.loss, 'dashed'));
  if (has((t) => t.tp)) out.push(tradeLevelSeries(SERIES.takeProfit, 'tp', COLORS.win, 'dashed'));
  if (has((t) => t.liq)) out.push(tradeLevelSeries(SERIES.liquidationLevel, 'lq', COLORS.liquidation, [2, 3]));
  return out;
}

/**
 * One level per trade (its stop-loss, take-profit or liquidation price: `key` of the page's trade
 * columns, trade-rows.ts) from its entry to its exit, as one `lines` series toggled by its legend
 * entry. A lines series maps no data dimension to the axes, so the levels neither widen the price
 * axis (a far-away level, a wide stop or low leverage, never squashes the candles: it is simply off
 * the chart) nor are dropped by the zoom's filter when their entry or exit lies outside the window:
 * every segment is drawn and clipped to the grid. In large mode all segments of a series are one
 * path, so thousands of trades draw in milliseconds (as mark areas they took about 0.3 s per
 * 1,000 segments). The segments are built in the browser from the trade columns, so they add
 * nothing to the page's size.
 */
function tradeLevelSeries(name: string, key: 'sl' | 'tp' | 'lq', color: string, lineType: string | number[]): Record<string, unknown> {
  return {
    type: 'lines', name, coordinateSystem: 'cartesian2d', xAxisIndex: 0, yAxisIndex: 0, polyline: false,
    large: true, largeThreshold: 0, clip: true, silent: true, z: 4, color,
    lineStyle: { color, width: 1.5, type: lineType, opacity: 1 },
    data: tradeLevels(key),
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

/**
 * Every raw signal the strategy produced (filled or not) as a small dot at that bar's close; null
 * when there are none. Stored per kind as columns (`t` times as steps, `p` closes rounded and packed
 * like page columns) that the client turns into the points (`$signals`).
 */
export function signalSeries(m: ReportModel): Record<string, unknown> | null {
  const kinds: Record<string, unknown>[] = [];
  let count = 0;
  const { close } = m.result.frame;
  for (const k of SIGNAL_KINDS) {
    const a = m.result.signals[k.key];
    const t: number[] = [];
    const p: number[] = [];
    const n = Math.min(a.length, m.n); // once: a cold process runs this loop interpreted, where a call per bar costs
    for (let i = 0; i < n; i++) if (a[i]) { t.push(m.time[i]); p.push(close[i]); }
    if (t.length === 0) continue;
    count += t.length;
    kinds.push({ name: k.label, color: k.color, t: compactTimes(t), p: packColumn(p) ?? roundColumn(p) });
  }
  if (count === 0) return null;
  return { type: 'scatter', name: SERIES.signals, data: { $signals: kinds }, symbol: 'circle', symbolSize: 5, z: 3, large: count > 2000 };
}
