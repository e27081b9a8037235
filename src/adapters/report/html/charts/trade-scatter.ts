/**
 * Trades as points, each one inspectable on hover (full trade tooltip): return by exit time, and
 * return by holding time. Point values are `[x, return, tradeIndex]`.
 */
import type { TradeRow } from '../analysis/trade-rows.js';
import { fn } from '../columns.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { baseOption, COLORS, legend, timeAxis, tradeTooltip, valueAxis, zoom } from './common.js';
import { NO_TRADES, noClosedTradesMessage } from './trade-distribution.js';

function points(rows: readonly TradeRow[], x: (t: TradeRow) => number): number[][] {
  return rows.map((t) => [x(t), t.ret, t.index]);
}

function scatter(name: string, data: number[][], color: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'scatter', name, data, color, symbolSize: 8, large: data.length > 2000, ...extra };
}

export function tradeTimelineChart(m: ReportModel): ChartBlock {
  const id = 'chart-trade-timeline';
  const title = 'Trade returns over time';
  if (m.trades.length === 0) return empty(id, title, NO_TRADES);
  const exit = (t: TradeRow) => t.exitTime;
  const series = [
    scatter('Winning', points(m.closed.filter((t) => t.pnl > 0), exit), COLORS.win),
    scatter('Losing', points(m.closed.filter((t) => t.pnl <= 0), exit), COLORS.loss),
  ];
  const open = m.trades.filter((t) => t.open);
  if (open.length > 0) series.push(scatter('Open', points(open, exit), COLORS.open, { symbol: 'diamond', symbolSize: 12 }));
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
  const pts = (rows: readonly TradeRow[]) => rows.filter((t) => Number.isFinite(t.mae)).map((t) => [-t.mae, t.mfe, t.index]);
  const option = baseOption({
    legend: legend(), tooltip: tradeTooltip(), grid: { left: 64, right: 24, top: 40, bottom: 48 },
    xAxis: { ...valueAxis(0, 'pct'), name: 'Maximum adverse excursion', nameLocation: 'middle', nameGap: 28, min: 0 },
    yAxis: { ...valueAxis(0, 'pct'), name: 'Maximum favourable excursion', min: 0 },
    series: [
      scatter('Winning', pts(m.closed.filter((t) => t.pnl > 0)), COLORS.win),
      scatter('Losing', pts(m.closed.filter((t) => t.pnl <= 0)), COLORS.loss),
    ],
  });
  return chart(id, title, option, 340, 'Closed trades: the worst (x, as a loss) and best (y) unrealised return while open, from the bars\' lows and highs, as fractions of the entry price (mae and mfe in trades.csv); hover a point for the whole trade.');
}

export function durationChart(m: ReportModel): ChartBlock {
  const id = 'chart-trade-duration';
  const title = 'Trade duration vs return';
  const msg = noClosedTradesMessage(m);
  if (msg) return empty(id, title, msg);
  const hours = (t: TradeRow) => t.durationMs / 3_600_000;
  const option = baseOption({
    legend: legend(), tooltip: tradeTooltip(), grid: { left: 64, right: 24, top: 40, bottom: 48 },
    xAxis: { type: 'value', name: 'Hours held', nameLocation: 'middle', nameGap: 28, scale: true, axisLabel: { formatter: fn('num') } },
    yAxis: valueAxis(0, 'pct'),
    series: [
      scatter('Winning', points(m.closed.filter((t) => t.pnl > 0), hours), COLORS.win),
      scatter('Losing', points(m.closed.filter((t) => t.pnl <= 0), hours), COLORS.loss),
    ],
  });
  return chart(id, title, option, 340, 'Closed trades by holding time (entry to exit) and return; hover a point for the whole trade.');
}
