/** Histogram of per-bar returns with the 95% VaR marked (equity page). */
import { metricValue } from '../../../../domain/metrics/report-types.js';
import { binCentres, binCount, binsFor, countBins } from '../analysis/histogram.js';
import { fn } from '../columns.js';
import { fmtPercent } from '../format.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { baseOption, COLORS, barValueAxis } from './common.js';

/** Share of returns kept inside the histogram range on each side; the rest fall in the end bins. */
const CLIP = 0.005;

/** Decimals that keep neighbouring bin labels (in %) apart. */
export function pctDigits(width: number): number {
  return width > 0 ? Math.min(4, Math.max(0, Math.ceil(-Math.log10(width * 100)))) : 2;
}

export function returnHistogram(m: ReportModel): ChartBlock {
  const id = 'chart-return-histogram';
  const title = 'Per-bar return distribution';
  if (m.returns.length === 0) return empty(id, title, 'Not enough bars for returns: the run has fewer than 2 bars.');
  const moved = m.returns.filter((r) => r !== 0 && Number.isFinite(r));
  const zero = m.returns.length - moved.length;
  if (moved.length === 0) return empty(id, title, 'Every per-bar return is 0: the equity never changed (no position was held).');
  const bins = binsFor(moved, binCount(moved.length, 60), CLIP);
  const counts = countBins(moved, bins);
  const labels = binCentres(bins).map((c) => fmtPercent(c, pctDigits(bins.edges[1] - bins.edges[0])));
  const var95 = metricValue(m.result.metrics, 'var_95');
  const k = counts.length;
  const varBin = Number.isFinite(var95) ? Math.min(k - 1, Math.max(0, Math.floor(((var95 - bins.edges[0]) / (bins.edges[k] - bins.edges[0])) * k))) : -1;
  const option = baseOption({
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: fn('bins', { edges: bins.edges, unit: 'pct' }) },
    grid: { left: 56, right: 24, top: 24, bottom: 64 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: 45 } },
    yAxis: barValueAxis(0, 'num', { name: 'Bars', minInterval: 1 }),
    series: [{
      type: 'bar', name: 'Bars', data: counts, color: COLORS.equity, barCategoryGap: '4%',
      ...(varBin >= 0 ? { markLine: { symbol: 'none', silent: true, lineStyle: { color: COLORS.loss, type: 'dashed' }, label: { formatter: `VaR 95%: ${fmtPercent(var95)}` }, data: [{ xAxis: varBin }] } } : {}),
    }],
  });
  return chart(id, title, option, 340,
    `The ${moved.length} per-bar returns where the equity moved (${zero} bars with a return of exactly 0, e.g. while flat, are left out); the outer 0.5% on each side are counted in the end bins. VaR 95% is over all bars.`);
}
