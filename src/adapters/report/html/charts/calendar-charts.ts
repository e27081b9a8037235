/** Monthly page charts: seasonality by calendar month, yearly returns, and year-over-year paths. */
import { MONTHS, seasonality, yearPaths } from '../analysis/calendar.js';
import { fn } from '../columns.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { barValueAxis, baseOption, COLORS, legend, PALETTE, valueAxis } from './common.js';

const NO_MONTHS = 'No monthly returns: the run has no bars.';
const nullIfNaN = (x: number) => (Number.isFinite(x) ? x : null);

export function seasonalityChart(m: ReportModel): ChartBlock {
  const id = 'chart-seasonality';
  const title = 'Seasonality: mean return by calendar month';
  if (m.result.monthly.length === 0) return empty(id, title, NO_MONTHS);
  const s = seasonality(m.result.monthly);
  const option = baseOption({
    legend: legend(),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: fn('axis', { unit: 'pct' }) },
    grid: { left: 56, right: 64, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: [...MONTHS] },
    yAxis: [barValueAxis(0, 'pct'), valueAxis(0, 'pct', { min: 0, max: 1, scale: false, splitLine: { show: false } })],
    series: [
      { type: 'bar', name: 'Mean return', data: s.mean.map((x) => (x === x ? { value: x, itemStyle: { color: x >= 0 ? COLORS.win : COLORS.loss } } : null)) },
      { type: 'line', name: 'Share of positive months', yAxisIndex: 1, data: s.positive.map(nullIfNaN), color: COLORS.exit, symbolSize: 6 },
    ],
  });
  const years = new Set(m.result.monthly.map((r) => r.year)).size;
  return chart(id, title, option, 320, `Average of each calendar month's return over the ${years} year(s) in the run, and how often that month was positive.`);
}

export function yearlyChart(m: ReportModel): ChartBlock {
  const id = 'chart-yearly';
  const title = 'Yearly returns';
  if (m.result.monthly.length === 0) return empty(id, title, NO_MONTHS);
  const years = yearPaths(m.result.monthly);
  const option = baseOption({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: fn('axis', { unit: 'pct' }) },
    grid: { left: 56, right: 24, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: years.map((y) => (y.months < 12 ? `${y.year} (${y.months} mo)` : String(y.year))) },
    yAxis: barValueAxis(0, 'pct'),
    series: [{
      type: 'bar', name: 'Return', barMaxWidth: 60,
      data: years.map((y) => ({ value: y.ret, itemStyle: { color: y.ret >= 0 ? COLORS.win : COLORS.loss } })),
      label: { show: true, position: 'top', formatter: fn('itemPct') },
    }],
  });
  return chart(id, title, option, 300, 'Compounded monthly returns per calendar year; partial years say how many months they hold.');
}

export function yearOverYearChart(m: ReportModel): ChartBlock {
  const id = 'chart-year-over-year';
  const title = 'Year over year: cumulative return through each year';
  if (m.result.monthly.length === 0) return empty(id, title, NO_MONTHS);
  const years = yearPaths(m.result.monthly);
  const option = baseOption({
    legend: legend(),
    tooltip: { trigger: 'axis', formatter: fn('axis', { unit: 'pct' }) },
    grid: { left: 56, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: [...MONTHS], boundaryGap: false },
    yAxis: valueAxis(0, 'pct'),
    series: years.map((y, i) => ({
      type: 'line', name: String(y.year), data: y.path.map(nullIfNaN), color: PALETTE[i % PALETTE.length], symbolSize: 5, connectNulls: false,
    })),
  });
  return chart(id, title, option, 340, 'Each line compounds one year\'s monthly returns from January, so years can be compared month by month.');
}
