/** Distribution of closed-trade returns (overview) and of trade P&L in currency (trades page). */
import { binCentres, binCount, binsFor, countBins } from '../analysis/histogram.js';
import type { TradeRow } from '../analysis/trade-rows.js';
import { fn } from '../columns.js';
import { fmtNumber, fmtPercent } from '../format.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { baseOption, COLORS, legend, barValueAxis } from './common.js';

export const NO_TRADES = 'No trades in this run: the strategy never entered a position.';
export const NO_CLOSED_TRADES = 'No closed trades in this run: the only position is still open at the last bar.';

/** The message for a chart of closed trades, or null when there are some. */
export function noClosedTradesMessage(m: ReportModel): string | null {
  if (m.closed.length > 0) return null;
  return m.trades.length === 0 ? NO_TRADES : NO_CLOSED_TRADES;
}

function histogramChart(id: string, title: string, trades: readonly TradeRow[], value: (t: TradeRow) => number, unit: 'pct' | 'num', note: string): ChartBlock {
  const values = trades.map(value);
  const bins = binsFor(values, binCount(values.length, 30));
  const wins = countBins(trades.filter((t) => t.pnl > 0).map(value), bins);
  const losses = countBins(trades.filter((t) => t.pnl <= 0).map(value), bins);
  const labels = binCentres(bins).map((c) => (unit === 'pct' ? fmtPercent(c, 1) : fmtNumber(c, 0)));
  const option = baseOption({
    legend: legend(),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: fn('bins', { edges: bins.edges, unit }) },
    grid: { left: 48, right: 24, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 12 ? 45 : 0 } },
    yAxis: barValueAxis(0, 'num', { name: 'Trades', minInterval: 1 }),
    series: [
      { type: 'bar', name: 'Winning', stack: 'n', data: wins, color: COLORS.win, barCategoryGap: '8%' },
      { type: 'bar', name: 'Losing', stack: 'n', data: losses, color: COLORS.loss },
    ],
  });
  return chart(id, title, option, 340, note);
}

export function tradeReturnHistogram(m: ReportModel, id = 'chart-trade-returns'): ChartBlock {
  const title = 'Trade return distribution';
  const msg = noClosedTradesMessage(m);
  if (msg) return empty(id, title, msg);
  return histogramChart(id, title, m.closed, (t) => t.ret, 'pct', 'Closed trades by return (pnl after fees / entry value); wins in green, losses in red.');
}

export function tradePnlHistogram(m: ReportModel, id = 'chart-trade-pnl'): ChartBlock {
  const title = 'Trade P&L distribution';
  const msg = noClosedTradesMessage(m);
  if (msg) return empty(id, title, msg);
  return histogramChart(id, title, m.closed, (t) => t.pnl, 'num', `Closed trades by profit or loss after both fees, in ${quoteOf(m.result.symbol)}.`);
}

function quoteOf(symbol: string): string {
  const i = symbol.indexOf('/');
  return i >= 0 ? symbol.slice(i + 1) : 'quote currency';
}

/** Exit reasons of the closed trades as a pie. */
export function exitReasonChart(m: ReportModel, id = 'chart-exit-reasons'): ChartBlock {
  const title = 'Exit reasons';
  const msg = noClosedTradesMessage(m);
  if (msg) return empty(id, title, msg);
  const counts = new Map<string, number>();
  for (const t of m.closed) counts.set(t.reason, (counts.get(t.reason) ?? 0) + 1);
  const colors: Record<string, string> = { signal: COLORS.equity, stop_loss: COLORS.loss, take_profit: COLORS.win, reverse: COLORS.exit, liquidation: '#7f1d1d' };
  const data = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name, value]) => ({ name, value, itemStyle: { color: colors[name] ?? COLORS.neutral } }));
  const option = baseOption({
    tooltip: { trigger: 'item', formatter: '{b}: {c} trades ({d}%)' },
    legend: legend({ top: 'bottom' }),
    series: [{ type: 'pie', name: 'Exit reason', radius: ['35%', '65%'], data, label: { formatter: '{b}\n{c}' } }],
  });
  return chart(id, title, option, 340, 'How the closed trades ended: exit signal, stop-loss, take-profit, reversal (or liquidation on levered swap runs).');
}
