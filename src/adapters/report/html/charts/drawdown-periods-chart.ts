/** The equity curve with the deepest drawdown periods shaded and their troughs marked (drawdowns page). */
import type { DrawdownPeriod } from '../analysis/drawdown-periods.js';
import type { PageColumns } from '../columns.js';
import { fmtPercent } from '../format.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { axisTooltip, baseOption, COLORS, legend, line, timeAxis, valueAxis, zoom } from './common.js';

export const NO_DRAWDOWN = 'No drawdown in this run: the equity never fell below a previous peak.';

/** Plot width the labels are spaced for (a 1,440 px window less the page and axis margins). */
const PLOT_PX = 1_200;

/**
 * Which of the `xs` (times, in rank order: the deepest first) may carry a `px`-wide label without
 * touching a label kept before it, on the whole range drawn `PLOT_PX` wide. The others keep their
 * shading or pin and tooltip, and the table below the chart names every period.
 */
function spacedLabels(m: ReportModel, xs: readonly number[], px: number): boolean[] {
  const span = Math.max(1, m.time[m.n - 1] - m.time[0]);
  const gap = (px / PLOT_PX) * span;
  const kept: number[] = [];
  return xs.map((x) => {
    if (kept.some((k) => Math.abs(k - x) < gap)) return false;
    kept.push(x);
    return true;
  });
}

/** Shaded areas from each period's peak to its recovery (or the last bar), labelled by rank where there is room. */
function areas(m: ReportModel, top: readonly DrawdownPeriod[]): unknown[] {
  const show = spacedLabels(m, top.map((p) => m.time[p.peakIndex]), 64);
  return top.map((p, i) => [
    { name: `#${i + 1} ${fmtPercent(-p.depth, 1)}`, xAxis: m.time[p.peakIndex], label: { show: show[i] } },
    { xAxis: m.time[p.recoveryIndex >= 0 ? p.recoveryIndex : m.n - 1] },
  ]);
}

export function drawdownPeriodsChart(m: ReportModel, cols: PageColumns, top: readonly DrawdownPeriod[]): ChartBlock {
  const id = 'chart-drawdown-periods';
  const title = `Top ${top.length || 5} drawdown periods`;
  if (top.length === 0) return empty(id, title, NO_DRAWDOWN);
  cols.put('time', m.time);
  cols.put('equity', m.equity);
  cols.derive('underwater', m.underwater, 'equity', 'under', m.result.portfolio.initCash);
  const area = { silent: false, itemStyle: { color: 'rgba(220,38,38,0.10)' }, label: { position: 'insideTop', color: COLORS.drawdown, fontSize: 11 }, data: areas(m, top) };
  const pinRoom = spacedLabels(m, top.map((p) => m.time[p.troughIndex]), 36);
  const troughs = top.map((p, i) => ({ name: `#${i + 1}`, value: `#${i + 1}`, coord: [m.time[p.troughIndex], p.troughEquity], label: { show: pinRoom[i] } }));
  const option = baseOption({
    legend: legend(),
    tooltip: axisTooltip('num', { Drawdown: 'pct' }),
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [{ left: 70, right: 24, top: 40, height: '52%' }, { left: 70, right: 24, top: '70%', bottom: 48 }],
    xAxis: [timeAxis(0, { axisLabel: { show: false } }), timeAxis(1)],
    yAxis: [valueAxis(0, 'num', { name: 'Equity', nameTextStyle: { align: 'left' } }), valueAxis(1, 'pct', { max: 0, splitNumber: 3 })],
    dataZoom: zoom([0, 1]),
    series: [
      line('Equity', cols.rows('time', 'equity'), m.n, {
        color: COLORS.equity, markArea: area,
        markPoint: { symbol: 'pin', symbolSize: 34, itemStyle: { color: COLORS.drawdown }, label: { fontSize: 10 }, data: troughs },
      }),
      line('Drawdown', cols.rows('time', 'underwater'), m.n, {
        xAxisIndex: 1, yAxisIndex: 1, color: COLORS.drawdown, areaStyle: { color: 'rgba(220,38,38,0.25)' }, lineStyle: { width: 1 },
        markArea: { ...area, label: { show: false } },
      }),
    ],
  });
  return chart(id, title, option, 480, 'Each shaded span runs from the peak to the recovery (or to the last bar if not recovered); pins mark the troughs.');
}
