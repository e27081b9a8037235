/** Equity curve (with buy-and-hold) over the underwater curve: the overview's main chart and the static SVG. */
import type { PageColumns } from '../columns.js';
import type { ReportModel } from '../model.js';
import { chart, type ChartSpec } from './chart-spec.js';
import { axisTooltip, baseOption, COLORS, legend, line, timeAxis, valueAxis, zoom } from './common.js';

export interface EquityDrawdownSettings {
  /** Inside + slider zoom (off for the static picture). */
  readonly zoom: boolean;
  /** LTTB-sample every curve to the pixel width whatever its length (the static picture). */
  readonly sample?: boolean;
  readonly title?: string;
}

/** Registers the columns it needs and returns the option (series: Equity, Buy & hold if known, Drawdown). */
export function equityDrawdownOption(m: ReportModel, cols: PageColumns, s: EquityDrawdownSettings): Record<string, unknown> {
  cols.put('time', m.time);
  cols.put('equity', m.equity);
  cols.derive('underwater', m.underwater, 'equity', 'under', m.result.portfolio.initCash);
  const n = s.sample ? Infinity : m.n;
  const series: Record<string, unknown>[] = [
    line('Equity', cols.rows('time', 'equity'), n, { color: COLORS.equity }),
  ];
  if (m.benchReturn) {
    cols.put('benchmark', m.result.benchmarkEquity);
    series.push(line('Buy & hold', cols.rows('time', 'benchmark'), n, { color: COLORS.benchmark, lineStyle: { width: 1, type: 'dashed' } }));
  }
  series.push(line('Drawdown', cols.rows('time', 'underwater'), n, {
    xAxisIndex: 1, yAxisIndex: 1, color: COLORS.drawdown, areaStyle: { color: 'rgba(220,38,38,0.25)' }, lineStyle: { width: 1 },
  }));
  const bottom = s.zoom ? 48 : 28;
  return baseOption({
    ...(s.title ? { title: { text: s.title, left: 12, top: 6, textStyle: { fontSize: 14 } } } : {}),
    legend: legend(s.title ? { top: 30 } : {}),
    tooltip: axisTooltip('num', { Drawdown: 'pct' }),
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [{ left: 70, right: 24, top: s.title ? 78 : 40, height: s.title ? '48%' : '52%' }, { left: 70, right: 24, top: '70%', bottom }],
    xAxis: [timeAxis(0, { axisLabel: { show: false } }), timeAxis(1)],
    yAxis: [valueAxis(0, 'num', { name: 'Equity', nameTextStyle: { align: 'left' } }), valueAxis(1, 'pct', { max: 0, splitNumber: 3, name: 'Drawdown', nameTextStyle: { align: 'left' } })],
    ...(s.zoom ? { dataZoom: zoom([0, 1]) } : {}),
    series,
  });
}

export function equityDrawdownChart(m: ReportModel, cols: PageColumns): ChartSpec {
  return chart('chart-equity-drawdown', 'Equity and drawdown', equityDrawdownOption(m, cols, { zoom: true }), 460,
    `Portfolio value after each bar (marked to close) against buy-and-hold of ${m.result.symbol}; below, the fall from the running peak.`);
}
