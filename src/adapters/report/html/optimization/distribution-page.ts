/** optimization_distribution.html: the target metric's distribution overall and for each value of each optimized parameter. */
import { METRIC_COUNT, METRIC_INDEX, type MetricKey } from '../../../../domain/metrics/catalog.js';
import { gridValues } from '../../../../domain/params/param-space.js';
import { binCentres, binCount, binsFor, countBins, finiteValues } from '../analysis/histogram.js';
import { chart, empty, type ChartBlock } from '../charts/chart-spec.js';
import { baseOption, COLORS, barValueAxis, valueAxis } from '../charts/common.js';
import { fn, PageColumns } from '../columns.js';
import { cell, tableHtml } from '../components/table.js';
import { fmtMetric, metricLabel } from '../format.js';
import type { PageSpec } from '../layout.js';
import { clientUnit, evaluations, statsByValue, valueLabel, type Evaluations, type OptimizationReportModel } from './model.js';
import { optimizationPage, summaryHtml } from './page-base.js';

/** Rows of the top-combinations table. */
export const TOP_ROWS = 20;
const TABLE_METRICS: MetricKey[] = ['total_return', 'sharpe_ratio', 'max_drawdown', 'win_rate', 'profit_factor', 'total_trades'];

function topTable(m: OptimizationReportModel): string {
  const metrics = [m.metric, ...TABLE_METRICS.filter((k) => k !== m.metric)];
  const rows = Array.from({ length: Math.min(TOP_ROWS, m.ranking.length) }, (_, r) => {
    const p = m.ranking[r];
    const vals = gridValues(m.space, m.order[p]);
    return [
      cell(String(r + 1), r + 1),
      ...vals.map((v) => cell(valueLabel(v), typeof v === 'number' ? v : valueLabel(v))),
      ...metrics.map((k) => {
        const x = m.rows[p * METRIC_COUNT + METRIC_INDEX[k]];
        return cell(fmtMetric(k, x), Number.isFinite(x) ? x : '');
      }),
    ];
  });
  return tableHtml(['Rank', ...m.space.keys, ...metrics.map(metricLabel)], rows, { id: 'top-table', sortable: true });
}

function histogram(m: OptimizationReportModel, ev: Evaluations): ChartBlock {
  const id = 'chart-opt-histogram';
  const title = `${metricLabel(m.metric)} over all combinations tried`;
  const finite = finiteValues(ev.target);
  if (finite.length === 0) return empty(id, title, `No combination has a defined ${m.metric} (e.g. no trades).`);
  const bins = binsFor(finite, binCount(finite.length, 50));
  const unit = clientUnit(m.metric);
  const option = baseOption({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: fn('bins', { edges: bins.edges, unit }) },
    grid: { left: 56, right: 24, top: 24, bottom: 64 },
    xAxis: { type: 'category', data: binCentres(bins).map((c) => fmtMetric(m.metric, c)), axisLabel: { rotate: 45 } },
    yAxis: barValueAxis(0, 'num', { name: 'Combinations', minInterval: 1 }),
    series: [{ type: 'bar', name: 'Combinations', data: countBins(finite, bins), color: COLORS.equity, barCategoryGap: '4%' }],
  });
  const left = ev.target.length - finite.length;
  return chart(id, title, option, 320, `${finite.length} combinations${left ? `; ${left} with an undefined or infinite value are left out` : ''}.`);
}

function byValueChart(m: OptimizationReportModel, ev: Evaluations, k: number): ChartBlock {
  const key = m.space.keys[k];
  const id = `chart-opt-dist-${k}`;
  const title = `${metricLabel(m.metric)} by ${key}`;
  const stats = statsByValue(m, ev, k);
  if (stats.every((s) => s.finite === 0)) return empty(id, title, `No combination has a defined ${m.metric}.`);
  const unit = clientUnit(m.metric);
  const labels = stats.map((s) => valueLabel(s.value));
  const option = baseOption({
    tooltip: { trigger: 'item' },
    legend: { top: 0, data: ['Distribution', 'Mean', 'Best'] },
    grid: { left: 64, right: 24, top: 32, bottom: 48 },
    xAxis: { type: 'category', data: labels, name: key, nameLocation: 'middle', nameGap: 28 },
    yAxis: valueAxis(0, unit === 'pct' ? 'pct' : 'num', { name: metricLabel(m.metric) }),
    series: [
      { type: 'boxplot', name: 'Distribution', data: stats.map((s) => (s.finite ? s.box : [])), itemStyle: { color: '#dbeafe', borderColor: COLORS.equity } },
      { type: 'line', name: 'Mean', data: stats.map((s) => (s.finite ? s.mean : null)), color: COLORS.neutral, symbolSize: 6 },
      { type: 'scatter', name: 'Best', data: stats.map((s) => (s.finite ? s.best : null)), color: COLORS.win, symbolSize: 9,
        tooltip: { formatter: fn('item', { unit }) } },
    ],
  });
  const excluded = stats.reduce((s, x) => s + x.excluded, 0);
  return chart(id, title, option, 320,
    `Box: min, quartiles and max of ${m.metric} over the combinations with each ${key} value (the other parameters vary).${excluded ? ` ${excluded} undefined or infinite values left out.` : ''}`);
}

export function distributionPage(m: OptimizationReportModel): PageSpec {
  const ev = evaluations(m);
  return optimizationPage(m, 'optimization_distribution.html', 'Optimization: distribution', new PageColumns(), [
    { title: 'Summary', columns: 2, blocks: [{ kind: 'html', html: summaryHtml(m) }, histogram(m, ev)] },
    { title: 'By parameter value', columns: 2, blocks: m.space.keys.map((_, k) => byValueChart(m, ev, k)) },
    { title: `Top ${Math.min(TOP_ROWS, m.ranking.length)} combinations`, intro: 'Ranked by the target metric (ties: first in grid order); the full list is optimization_results.csv.',
      blocks: [{ kind: 'html', html: topTable(m) }] },
  ]);
}
