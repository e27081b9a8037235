/** Walk-forward's files: folds.csv, oos_equity.csv, the out-of-sample performance_metrics.csv and trades.csv, walk_forward.json. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OhlcvFrame } from '../../../domain/frame/frame.js';
import { timeframeMs } from '../../../domain/frame/timeframe.js';
import { METRIC_INDEX, type MetricKey } from '../../../domain/metrics/catalog.js';
import type { ParamSpace } from '../../../domain/params/param-space.js';
import type { StitchedOos } from '../../../orchestration/validate/stitch.js';
import type { FoldResult } from '../../../orchestration/validate/walk-forward.js';
import type { BacktestResult } from '../../../orchestration/result.js';
import { csvLine, isoCell, numberCell, textCell } from './csv-format.js';
import { performanceMetricsCsv, tradesCsv } from './write-csv-files.js';

/** The summary figures of a walk-forward run. */
export interface WalkForwardSummary {
  /** Out-of-sample annualized return of the stitched curve / mean in-sample annualized return of the selections. */
  readonly efficiency: number;
  readonly oosAnnualized: number;
  readonly meanIsAnnualized: number;
}

export function walkForwardSummary(folds: readonly FoldResult[], oos: StitchedOos): WalkForwardSummary {
  const is = folds.filter((f) => f.gridIndex !== null).map((f) => f.isRow[METRIC_INDEX.annualized_return]);
  const meanIs = is.reduce((s, x) => s + x, 0) / is.length;
  const oosAnn = oos.metrics.values[METRIC_INDEX.annualized_return];
  return { efficiency: oosAnn / meanIs, oosAnnualized: oosAnn, meanIsAnnualized: meanIs };
}

/** The end (exclusive) of bars [.., end) as a time: the bar at `end`, or the last bar's close time. */
function endTime(frame: OhlcvFrame, end: number): number {
  return end < frame.length ? frame.time[end] : frame.time[frame.length - 1] + timeframeMs(frame.timeframe);
}

/** Writes the files into `dir` (created). */
export async function writeWalkForwardFiles(dir: string, frame: OhlcvFrame, space: ParamSpace<any>, metric: MetricKey,
  folds: readonly FoldResult[], oos: StitchedOos, summary: WalkForwardSummary, settings: Record<string, unknown>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const m = METRIC_INDEX[metric];
  const lines = [csvLine(['fold', 'train_start', 'train_end', 'test_start', 'test_end', 'train_bars', 'test_bars', ...space.keys, 'grid_index',
    `is_${metric}`, `oos_${metric}`, 'is_annualized_return', 'oos_annualized_return', 'oos_total_return', 'oos_trades', 'start_equity', 'end_equity', 'combinations'])];
  for (const [k, f] of folds.entries()) {
    const o = f.oos?.metrics.values;
    lines.push(csvLine([String(k), isoCell(frame.time[f.fold.trainStart]), isoCell(endTime(frame, f.fold.trainEnd)), isoCell(frame.time[f.fold.testStart]),
      isoCell(endTime(frame, f.fold.testEnd)), String(f.fold.trainEnd - f.fold.trainStart), String(f.fold.testEnd - f.fold.testStart),
      ...space.keys.map((key) => (f.params ? textCell(String(f.params[key])) : '')), f.gridIndex === null ? '' : String(f.gridIndex),
      numberCell(f.isRow[m]), numberCell(o ? o[m] : NaN), numberCell(f.isRow[METRIC_INDEX.annualized_return]), numberCell(o ? o[METRIC_INDEX.annualized_return] : NaN),
      numberCell(o ? o[METRIC_INDEX.total_return] : 0), numberCell(o ? o[METRIC_INDEX.total_trades] : 0), numberCell(f.initCash), numberCell(f.finalEquity), String(f.tried)]));
  }
  await writeFile(join(dir, 'folds.csv'), lines.join(''));
  const eq = [csvLine(['time', 'fold', 'equity', 'benchmark_equity'])];
  for (let t = 0; t < oos.equity.length; t++) eq.push(csvLine([isoCell(oos.frame.time[t]), String(oos.fold[t]), numberCell(oos.equity[t]), numberCell(oos.benchmark[t])]));
  await writeFile(join(dir, 'oos_equity.csv'), eq.join(''));
  // The CSV writers of a single backtest, over the stitched run.
  const asRun = { frame: oos.frame, symbol: frame.symbol, metrics: oos.metrics, annualization: oos.annualization, portfolio: oos.portfolio, sim: { trades: oos.trades, ambiguousStopBars: folds.reduce((s, f) => s + (f.oos?.sim.ambiguousStopBars ?? 0), 0),
    skippedEntries: folds.reduce((s, f) => s + (f.oos?.sim.skippedEntries ?? 0), 0),
    // Entries below the exchange minimums (issue 10 item 5), summed over the test windows.
    belowMinimum: folds.reduce((s, f) => s + (f.oos?.sim.belowMinimum ?? 0), 0) } } as unknown as BacktestResult;
  await writeFile(join(dir, 'performance_metrics.csv'), performanceMetricsCsv(asRun));
  await writeFile(join(dir, 'trades.csv'), tradesCsv(asRun));
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  await writeFile(join(dir, 'walk_forward.json'), `${JSON.stringify({
    folds: folds.length, metric, walk_forward_efficiency: num(summary.efficiency), oos_annualized_return: num(summary.oosAnnualized),
    mean_is_annualized_return: num(summary.meanIsAnnualized), oos_total_return: num(oos.metrics.values[METRIC_INDEX.total_return]),
    oos_sharpe_ratio: num(oos.metrics.values[METRIC_INDEX.sharpe_ratio]), settings,
    definitions: {
      warm_up: 'indicators and signals of a fold\'s test window are computed on the bars from the fold\'s train start to the test end; only signals inside the test window trade',
      chaining: 'each test window starts in cash with the previous fold\'s final equity; a position open at a window\'s end is valued at its last close (no exit fee)',
      walk_forward_efficiency: 'annualized return of the stitched out-of-sample curve / mean in-sample annualized return of the selected combinations',
    },
  }, null, 2)}\n`);
}
