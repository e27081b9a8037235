/** Charts of the equity page: cumulative return vs buy-and-hold, rolling Sharpe and volatility, underwater curve. */
import { ROLLING_SHARPE_DAYS } from '../analysis/rolling-sharpe.js';
import type { PageColumns } from '../columns.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { axisTooltip, baseOption, COLORS, legend, line, timeAxis, valueAxis, zoom } from './common.js';

const GRID = { left: 64, right: 24, top: 40, bottom: 52 };

export function cumulativeReturnChart(m: ReportModel, cols: PageColumns): ChartBlock {
  cols.put('time', m.time);
  cols.put('equity', m.equity);
  cols.derive('cumReturn', m.cumReturn, 'equity', 'ret', m.result.portfolio.initCash);
  const series = [line('Strategy', cols.rows('time', 'cumReturn'), m.n, { color: COLORS.equity, areaStyle: { opacity: 0.06 } })];
  if (m.benchReturn) {
    cols.put('benchmark', m.result.benchmarkEquity);
    cols.derive('benchReturn', m.benchReturn, 'benchmark', 'ret', m.result.portfolio.initCash);
    series.push(line('Buy & hold', cols.rows('time', 'benchReturn'), m.n, { color: COLORS.benchmark, lineStyle: { width: 1, type: 'dashed' } }));
  }
  const option = baseOption({
    legend: legend(), tooltip: axisTooltip('pct'), grid: GRID,
    xAxis: timeAxis(), yAxis: valueAxis(0, 'pct'), dataZoom: zoom([0]), series,
  });
  return chart('chart-cumulative-return', 'Cumulative return vs buy-and-hold', option, 400,
    `Strategy equity / initial cash - 1, against holding ${m.result.symbol} from the first open (no fees).`);
}

export function rollingSharpeChart(m: ReportModel, cols: PageColumns): ChartBlock {
  const id = 'chart-rolling-sharpe';
  const w = m.sharpeWindow;
  const title = `Rolling Sharpe ratio (${w} bars)`;
  if (m.n <= w) return empty(id, title, `Not enough bars for a rolling Sharpe ratio: the window is ${w} bars (${ROLLING_SHARPE_DAYS} days) and the run has ${m.n}.`);
  let defined = 0;
  for (let i = 0; i < m.n; i++) defined += m.rollingSharpe[i] === m.rollingSharpe[i] ? 1 : 0;
  if (defined === 0) return empty(id, title, 'The rolling Sharpe ratio is undefined everywhere: the equity never moved within a window (no position was held).');
  cols.put('time', m.time);
  cols.put('rollingSharpe', m.rollingSharpe);
  const option = baseOption({
    tooltip: axisTooltip('num'), grid: { ...GRID, top: 24 },
    xAxis: timeAxis(), yAxis: valueAxis(0, 'num'), dataZoom: zoom([0]),
    series: [line('Rolling Sharpe', cols.rows('time', 'rollingSharpe'), m.n, {
      color: COLORS.accent,
      markLine: { silent: true, symbol: 'none', lineStyle: { color: '#9ca3af' }, label: { show: false }, data: [{ yAxis: 0 }, { yAxis: 1, lineStyle: { type: 'dotted', color: COLORS.win } }] },
    })],
  });
  return chart(id, title, option, 320,
    `Annualised Sharpe (mean / std of per-bar returns × √bars per year) over the trailing ${w} bars (${ROLLING_SHARPE_DAYS} days, at least 10 bars); gaps where the window's returns do not vary.`);
}

export function rollingVolatilityChart(m: ReportModel, cols: PageColumns): ChartBlock {
  const id = 'chart-rolling-volatility';
  const w = m.sharpeWindow;
  const title = `Rolling volatility (${w} bars)`;
  if (m.n <= w) return empty(id, title, `Not enough bars for a rolling volatility: the window is ${w} bars (${ROLLING_SHARPE_DAYS} days) and the run has ${m.n}.`);
  cols.put('time', m.time);
  cols.put('rollingVolatility', m.rollingVolatility);
  const option = baseOption({
    tooltip: axisTooltip('pct'), grid: { ...GRID, top: 24 },
    xAxis: timeAxis(), yAxis: valueAxis(0, 'pct', { min: 0, scale: false }), dataZoom: zoom([0]),
    series: [line('Rolling volatility', cols.rows('time', 'rollingVolatility'), m.n, { color: COLORS.drawdown })],
  });
  return chart(id, title, option, 280,
    `Annualised volatility (std of per-bar returns × √bars per year, the volatility metric) over the same trailing ${w} bars as the rolling Sharpe ratio; 0 where the equity did not move.`);
}

export function underwaterChart(m: ReportModel, cols: PageColumns): ChartBlock {
  const id = 'chart-underwater';
  const title = 'Underwater curve';
  let min = 0;
  for (let i = 0; i < m.n; i++) if (m.underwater[i] < min) min = m.underwater[i];
  if (min === 0) return empty(id, title, 'No drawdown: the equity never fell below a previous peak.');
  cols.put('time', m.time);
  cols.put('equity', m.equity);
  cols.derive('underwater', m.underwater, 'equity', 'under', m.result.portfolio.initCash);
  const option = baseOption({
    tooltip: axisTooltip('pct'), grid: { ...GRID, top: 24 },
    xAxis: timeAxis(), yAxis: valueAxis(0, 'pct', { max: 0 }), dataZoom: zoom([0]),
    series: [line('Drawdown', cols.rows('time', 'underwater'), m.n, { color: COLORS.drawdown, areaStyle: { color: 'rgba(220,38,38,0.25)' }, lineStyle: { width: 1 } })],
  });
  return chart(id, title, option, 300, 'Distance below the running equity peak at each bar (0 at a new high).');
}
