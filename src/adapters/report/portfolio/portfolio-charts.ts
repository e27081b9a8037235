/** Charts of the portfolio page: equity and drawdown, allocation, contributions, open positions, correlation. */
import type { PortfolioBacktestResult } from '../../../orchestration/run-portfolio-backtest.js';
import { correlationMatrix } from '../html/analysis/correlation.js';
import { chart, empty, type ChartBlock } from '../html/charts/chart-spec.js';
import { axisTooltip, baseOption, COLORS, legend, line, PALETTE, timeAxis, valueAxis, zoom } from '../html/charts/common.js';
import { fn, type PageColumns } from '../html/columns.js';
import { formatCount } from '../../../base/format-count.js';

export function equityChart(r: PortfolioBacktestResult, cols: PageColumns): ChartBlock {
  const s = r.sim;
  const n = s.time.length;
  const under = new Float64Array(n);
  let peak = r.portfolio.initCash;
  for (let t = 0; t < n; t++) { if (s.equity[t] > peak) peak = s.equity[t]; under[t] = s.equity[t] / peak - 1; }
  cols.put('time', s.time);
  cols.put('equity', s.equity);
  cols.put('bench', r.benchmarkEquity);
  cols.put('underwater', under);
  const option = baseOption({
    legend: legend(), tooltip: axisTooltip('num', { Drawdown: 'pct' }), axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [{ left: 70, right: 24, top: 40, height: '52%' }, { left: 70, right: 24, top: '70%', bottom: 48 }],
    xAxis: [timeAxis(0, { axisLabel: { show: false } }), timeAxis(1)],
    yAxis: [valueAxis(0, 'num', { name: 'Equity' }), valueAxis(1, 'pct', { max: 0, splitNumber: 3, name: 'Drawdown' })],
    dataZoom: zoom([0, 1]),
    series: [
      line('Equity', cols.rows('time', 'equity'), n, { color: COLORS.equity }),
      line('Equal-weight buy & hold', cols.rows('time', 'bench'), n, { color: COLORS.benchmark, lineStyle: { width: 1, type: 'dashed' } }),
      line('Drawdown', cols.rows('time', 'underwater'), n, { xAxisIndex: 1, yAxisIndex: 1, color: COLORS.drawdown, areaStyle: { color: 'rgba(220,38,38,0.25)' }, lineStyle: { width: 1 } }),
    ],
  });
  return chart('chart-portfolio-equity', 'Account equity and drawdown', option, 460,
    'The one account\'s value after each bar (cash + every position marked to its last close), against an equal-weight buy-and-hold of the symbols.');
}

export function allocationChart(r: PortfolioBacktestResult, cols: PageColumns): ChartBlock {
  const s = r.sim;
  const n = s.time.length;
  cols.put('time', s.time);
  cols.put('cash', s.cash);
  const series = s.symbols.map((sym, i) => {
    cols.put(`value:${i}`, s.values[i]);
    return line(sym, cols.rows('time', `value:${i}`), n, { stack: 'alloc', areaStyle: { opacity: 0.6 }, lineStyle: { width: 0 }, color: PALETTE[i % PALETTE.length] });
  });
  series.push(line('Cash', cols.rows('time', 'cash'), n, { stack: 'alloc', areaStyle: { opacity: 0.3 }, lineStyle: { width: 0 }, color: COLORS.neutral }));
  const option = baseOption({ legend: legend(), tooltip: axisTooltip('num'), grid: { left: 70, right: 24, top: 40, bottom: 52 },
    xAxis: timeAxis(), yAxis: valueAxis(0, 'num'), dataZoom: zoom([0]), series });
  return chart('chart-portfolio-allocation', 'Allocation over time', option, 400,
    'Stacked: each symbol\'s position value and the cash; the top edge is the equity (short positions count negative).');
}

export function contributionsChart(r: PortfolioBacktestResult): ChartBlock {
  const id = 'chart-portfolio-contributions';
  if (r.contributions.length === 0) return empty(id, 'Contributions', 'No symbols.');
  const option = baseOption({
    tooltip: { trigger: 'axis', formatter: fn('axis', { unit: 'num' }) }, grid: { left: 90, right: 24, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: r.contributions.map((c) => c.symbol) }, yAxis: valueAxis(0, 'num'),
    series: [{ type: 'bar', name: 'PnL', data: r.contributions.map((c) => ({ value: c.pnl, itemStyle: { color: c.pnl >= 0 ? COLORS.win : COLORS.loss } })) }],
  });
  return chart(id, 'PnL by symbol', option, 300, 'Each symbol\'s trades summed (after fees, open positions marked to their last close); the bars add up to the account\'s pnl.');
}

export function openPositionsChart(r: PortfolioBacktestResult, cols: PageColumns): ChartBlock {
  const s = r.sim;
  cols.put('time', s.time);
  cols.put('open', s.openPositions);
  const option = baseOption({ tooltip: axisTooltip('count'), grid: { left: 70, right: 24, top: 16, bottom: 52 },
    xAxis: timeAxis(), yAxis: valueAxis(0, 'num', { minInterval: 1, min: 0, scale: false }), dataZoom: zoom([0]),
    series: [line('Open positions', cols.rows('time', 'open'), s.time.length, { step: 'end', color: COLORS.accent })] });
  return chart('chart-portfolio-open', 'Open positions over time', option, 260,
    `Positions held after each bar (at most ${r.mode.maxOpenPositions ?? r.symbols.length}).`);
}

/** Pearson correlation of the symbols' bar-to-bar close returns on the union index. */
export function returnsCorrelationChart(r: PortfolioBacktestResult): ChartBlock {
  const id = 'chart-portfolio-correlation';
  const title = 'Correlation of the symbols\' returns';
  const s = r.sim;
  if (s.symbols.length < 2) return empty(id, title, 'One symbol: nothing to correlate.');
  const rets = s.lastClose.map((c) => {
    const out = new Float64Array(c.length).fill(NaN);
    for (let t = 1; t < c.length; t++) out[t] = c[t] / c[t - 1] - 1;
    return out;
  });
  const { matrix, rows } = correlationMatrix(rets);
  if (rows < 3) return empty(id, title, 'Too few bars where every symbol has a return.');
  const labels = [...s.symbols];
  const data: (number | null)[][] = [];
  matrix.forEach((row, i) => row.forEach((v, j) => data.push([j, i, Number.isFinite(v) ? v : null])));
  const option = baseOption({
    tooltip: { trigger: 'item', formatter: fn('cell', { x: labels, y: labels, unit: 'num' }) },
    grid: { left: 110, right: 90, top: 8, bottom: 64 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: 30 }, splitArea: { show: true } },
    yAxis: { type: 'category', data: labels, inverse: true, splitArea: { show: true } },
    visualMap: { min: -1, max: 1, calculable: true, orient: 'vertical', right: 8, top: 'middle', itemHeight: 160, inRange: { color: ['#b91c1c', '#f9fafb', '#1d4ed8'] } },
    series: [{ type: 'heatmap', name: 'Correlation', data, label: { show: labels.length <= 10, formatter: fn('cellLabel', { unit: 'num' }) } }],
  });
  return chart(id, title, option, Math.max(300, 90 + 44 * labels.length), `Pearson correlation of close-to-close returns over ${formatCount(rows)} bars.`);
}
