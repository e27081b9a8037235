/** walk_forward/walk_forward.html: stitched out-of-sample equity vs buy-and-hold with fold bands, IS vs OOS metric per fold, parameter stability. */
import type { DataOrigin } from '../../../../domain/frame/frame.js';
import { METRIC_INDEX, type MetricKey } from '../../../../domain/metrics/catalog.js';
import type { ParamSpace } from '../../../../domain/params/param-space.js';
import type { StitchedOos } from '../../../../orchestration/validate/stitch.js';
import type { FoldResult } from '../../../../orchestration/validate/walk-forward.js';
import type { WalkForwardSummary } from '../../csv/walk-forward-csv.js';
import { chart } from '../charts/chart-spec.js';
import { baseOption, COLORS, line, PALETTE, timeAxis, valueAxis, zoom } from '../charts/common.js';
import { PageColumns } from '../columns.js';
import { fmtNumber, fmtPercent, metricLabel } from '../format.js';
import { factsHtml, writeValidationPage } from './validation-page.js';

export interface WalkForwardPageInfo {
  readonly symbol: string;
  readonly timeframe: string;
  readonly strategy: string;
  readonly origin: DataOrigin;
  readonly metric: MetricKey;
  readonly space: ParamSpace<any>;
}

/** Writes walk_forward.html into `dir` (the walk_forward/ folder). */
export async function writeWalkForwardPage(dir: string, folds: readonly FoldResult[], oos: StitchedOos, summary: WalkForwardSummary, info: WalkForwardPageInfo): Promise<void> {
  const cols = new PageColumns();
  cols.put('time', oos.frame.time);
  cols.put('equity', oos.equity);
  cols.put('bench', oos.benchmark);
  const bands = folds.map((f, k) => [{ xAxis: oos.frame.time[oos.fold.indexOf(k)], itemStyle: { color: k % 2 ? 'rgba(100,116,139,0.06)' : 'rgba(100,116,139,0.14)' } }, { xAxis: oos.frame.time[oos.fold.lastIndexOf(k)] }]);
  const equity = chart('chart-wf-equity', 'Stitched out-of-sample equity vs buy-and-hold', baseOption({
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 64, right: 24, top: 32, bottom: 72 },
    xAxis: timeAxis(), yAxis: valueAxis(), dataZoom: zoom([0]),
    series: [
      line('Walk-forward (OOS)', cols.rows('time', 'equity'), oos.equity.length, { color: COLORS.win, markArea: { silent: true, data: bands } }),
      line('Buy and hold', cols.rows('time', 'bench'), oos.equity.length, { color: COLORS.benchmark }),
    ],
  }), 420, 'Each test window starts with the previous fold\'s final equity; shaded bands are the folds. CSV: oos_equity.csv, folds.csv.');
  const m = METRIC_INDEX[info.metric];
  cols.put('fold', folds.map((_, k) => k));
  cols.put('is_metric', folds.map((f) => f.isRow[m]));
  cols.put('oos_metric', folds.map((f) => (f.oos ? f.oos.metrics.values[m] : NaN)));
  const perFold = chart('chart-wf-metric', `In- vs out-of-sample ${metricLabel(info.metric).toLowerCase()} per fold`, baseOption({
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 56, right: 24, top: 32, bottom: 40 },
    xAxis: { type: 'category', name: 'fold', data: folds.map((_, k) => String(k)) }, yAxis: valueAxis(0, 'num'),
    series: [
      { type: 'bar', name: 'in sample', data: folds.map((f) => f.isRow[m]), color: COLORS.benchmark },
      { type: 'bar', name: 'out of sample', data: folds.map((f) => (f.oos ? f.oos.metrics.values[m] : null)), color: COLORS.win },
    ],
  }), 340, 'The selected combination\'s target on its train window and on the following test window. CSV: folds.csv.');
  const series = info.space.keys.map((key, i) => {
    const list = info.space.values[i];
    const y = folds.map((f) => {
      if (!f.params) return null;
      const v = f.params[key];
      return typeof v === 'number' ? v : list.indexOf(v as never);
    });
    return { type: 'line', name: key, data: y, color: PALETTE[i % PALETTE.length], step: 'middle', connectNulls: false };
  });
  const stability = chart('chart-wf-params', 'Parameter stability over folds', baseOption({
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 56, right: 24, top: 40, bottom: 40 },
    xAxis: { type: 'category', name: 'fold', data: folds.map((_, k) => String(k)) }, yAxis: valueAxis(0, 'num'), series,
  }), 340, 'The selected value of each optimized parameter per fold (non-numeric values by their position in the range). CSV: folds.csv.');
  const facts = factsHtml([
    ['Folds', String(folds.length)],
    ['Walk-forward efficiency', `${fmtNumber(summary.efficiency, 3)} (OOS annualized return ${fmtPercent(summary.oosAnnualized, 2)} / mean IS ${fmtPercent(summary.meanIsAnnualized, 2)})`],
    ['OOS total return', fmtPercent(oos.metrics.values[METRIC_INDEX.total_return], 2)],
    ['OOS Sharpe ratio', fmtNumber(oos.metrics.values[METRIC_INDEX.sharpe_ratio], 2)],
    ['OOS max drawdown', fmtPercent(oos.metrics.values[METRIC_INDEX.max_drawdown], 2)],
    ['OOS trades', fmtNumber(oos.metrics.values[METRIC_INDEX.total_trades], 0)],
  ]);
  await writeValidationPage(dir, {
    file: 'walk_forward.html', title: 'Walk-forward', subtitle: `${info.symbol} · ${info.timeframe} · ${info.strategy}`, origin: info.origin, columns: cols, indexHref: '../index.html',
    sections: [
      { title: 'Summary', blocks: [{ kind: 'html', html: facts }] },
      { blocks: [equity] },
      { blocks: [perFold, stability], columns: 2 },
    ],
  });
}
