/**
 * Trades as points, each one inspectable on hover (full trade tooltip): return by exit time, and
 * return by holding time. Point values are `[x, return, tradeIndex]`, built in the browser from the
 * page's trade columns (columns.ts `tradePoints`).
 */
import { fn, tradePoints, type TradePointsRef } from '../columns.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { baseOption, COLORS, largeScatter, legend, timeAxis, tradeTooltip, valueAxis, zoom } from './common.js';
import { NO_TRADES, noClosedTradesMessage } from './trade-distribution.js';

function scatter(name: string, data: TradePointsRef, count: number, color: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'scatter', name, data, color, symbolSize: 8, ...largeScatter(count), ...extra };
}

export function tradeTimelineChart(m: ReportModel): ChartBlock {
  const id = 'chart-trade-timeline';
  const title = 'Trade returns over time';
  if (m.trades.length === 0) return empty(id, title, NO_TRADES);
  const wins = m.closed.filter((t) => t.pnl > 0).length;
  const series = [
    scatter('Winning', tradePoints('win', 'xt', 'ret'), wins, COLORS.win),
    scatter('Losing', tradePoints('loss', 'xt', 'ret'), m.closed.length - wins, COLORS.loss),
  ];
  const open = m.trades.length - m.closed.length;
  if (open > 0) series.push(scatter('Open', tradePoints('open', 'xt', 'ret'), open, COLORS.open, { symbol: 'diamond', symbolSize: 12 }));
  const option = baseOption({
    legend: legend(), tooltip: tradeTooltip(), grid: { left: 64, right: 24, top: 40, bottom: 52 },
    xAxis: timeAxis(), yAxis: valueAxis(0, 'pct'), dataZoom: zoom([0]), series,
  });
  return chart(id, title, option, 360, 'One point per trade at its exit (the open one at the last bar); hover a point for the whole trade.');
}

/**
 * Maximum adverse vs maximum favourable excursion of each closed trade (docs/metrics.md): how far
 * trades went against and for the position before they closed. Losers far right of the stop
 * distance, or winners that gave back most of a large MFE, show where stops and targets sit.
 */
export function excursionChart(m: ReportModel): ChartBlock {
  const id = 'chart-trade-excursions';
  const title = 'MAE vs MFE (excursions while open)';
  const msg = noClosedTradesMessage(m);
  if (msg) return empty(id, title, msg);
  const wins = m.closed.filter((t) => t.pnl > 0 && Number.isFinite(t.mae)).length;
  const losses = m.closed.filter((t) => t.pnl <= 0 && Number.isFinite(t.mae)).length;
  const option = baseOption({
    legend: legend(), tooltip: tradeTooltip(), grid: { left: 64, right: 24, top: 40, bottom: 48 },
    xAxis: { ...valueAxis(0, 'pct'), name: 'Maximum adverse excursion', nameLocation: 'middle', nameGap: 28, min: 0 },
    yAxis: { ...valueAxis(0, 'pct'), name: 'Maximum favourable excursion', min: 0 },
    series: [
      // Trades without excursions (mae null) are left out by the client.
      scatter('Winning', tradePoints('win', 'nmae', 'mfe'), wins, COLORS.win),
      scatter('Losing', tradePoints('loss', 'nmae', 'mfe'), losses, COLORS.loss),
    ],
  });
  return chart(id, title, option, 340, 'Closed trades: the worst (x, as a loss) and best (y) unrealised return while open, from the bars\' lows and highs, as fractions of the entry price (mae and mfe in trades.csv); hover a point for the whole trade.');
}

export function durationChart(m: ReportModel): ChartBlock {
  const id = 'chart-trade-duration';
  const title = 'Trade duration vs return';
  const msg = noClosedTradesMessage(m);
  if (msg) return empty(id, title, msg);
  const wins = m.closed.filter((t) => t.pnl > 0).length;
  const option = baseOption({
    legend: legend(), tooltip: tradeTooltip(), grid: { left: 64, right: 24, top: 40, bottom: 48 },
    xAxis: { type: 'value', name: 'Hours held', nameLocation: 'middle', nameGap: 28, scale: true, axisLabel: { formatter: fn('num') } },
    yAxis: valueAxis(0, 'pct'),
    series: [
      scatter('Winning', tradePoints('win', 'h', 'ret'), wins, COLORS.win),
      scatter('Losing', tradePoints('loss', 'h', 'ret'), m.closed.length - wins, COLORS.loss),
    ],
  });
  return chart(id, title, option, 340, 'Closed trades by holding time (entry to exit) and return; hover a point for the whole trade.');
}
