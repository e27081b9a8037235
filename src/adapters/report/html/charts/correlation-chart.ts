/** Correlation between the close and each indicator, as a heatmap (indicators page). */
import { correlationMatrix } from '../analysis/correlation.js';
import { fn } from '../columns.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { baseOption } from './common.js';
import { formatCount } from '../../../../base/format-count.js';

export function correlationChart(m: ReportModel): ChartBlock {
  const id = 'chart-indicator-correlation';
  const title = 'Indicator correlation';
  const names = Object.keys(m.result.indicators);
  if (names.length === 0) return empty(id, title, 'This strategy reports no indicators.');
  const labels = ['close', ...names];
  const { matrix, rows } = correlationMatrix([m.result.frame.close, ...names.map((n) => m.result.indicators[n])]);
  if (rows < 3) return empty(id, title, 'Too few bars where every indicator is defined (after warm-up) to correlate them.');
  const data: (number | null)[][] = [];
  matrix.forEach((row, i) => row.forEach((r, j) => data.push([j, i, Number.isFinite(r) ? r : null])));
  const option = baseOption({
    tooltip: { trigger: 'item', formatter: fn('cell', { x: labels, y: labels, unit: 'num' }) },
    grid: { left: 110, right: 90, top: 8, bottom: 64 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: 30 }, splitArea: { show: true } },
    yAxis: { type: 'category', data: labels, inverse: true, splitArea: { show: true } },
    visualMap: { min: -1, max: 1, calculable: true, orient: 'vertical', right: 8, top: 'middle', itemHeight: 160, inRange: { color: ['#b91c1c', '#f9fafb', '#1d4ed8'] } },
    series: [{ type: 'heatmap', name: 'Correlation', data, label: { show: labels.length <= 10, formatter: fn('cellLabel', { unit: 'num' }) } }],
  });
  return chart(id, title, option, Math.max(300, 90 + 44 * labels.length),
    `Pearson correlation over the ${formatCount(rows)} bars where every series is defined (after warm-up).`);
}
