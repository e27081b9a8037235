import { withOrderLimits } from '../../domain/portfolio/market-limits.js';
import { createHash } from 'node:crypto';
import { tradingFrame, warmupOf } from '../../domain/frame/warmup.js';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../../base/errors.js';
import { timeframeMs } from '../../domain/frame/timeframe.js';
import { METRIC_INDEX } from '../../domain/metrics/catalog.js';
import { parseWindowLength, planFolds, type Fold, type FoldSpec, type WindowLength } from '../../domain/validate/folds.js';
import { silentProgress } from '../../orchestration/ports.js';
import { stitchFolds, type StitchedOos } from '../../orchestration/validate/stitch.js';
import { runWalkForward, type FoldResult } from '../../orchestration/validate/walk-forward.js';
import { walkForwardSummary, writeWalkForwardFiles, type WalkForwardSummary } from '../report/csv/walk-forward-csv.js';
import { writeWalkForwardPage } from '../report/html/validation/walk-forward-page.js';
import type { EvaluationPool } from '../../orchestration/optimize/job.js';
import { openPool } from './optimization-run.js';
import { prepareStrategy } from '../strategy/sandboxed-strategy.js';
import { fingerprintOf, frameFingerprint } from './optimization-state.js';
import { checkSearch, inStagedRun, validationInfo, type ValidationSearchJob } from './validation-run.js';
import { formatCount } from '../../base/format-count.js';

export interface WalkForwardJob extends ValidationSearchJob {
  /** `6M`, `2w`, `30d`, `12h`, `1y` or a bar count. */
  readonly train: string;
  readonly test: string;
  readonly step?: string;
  readonly anchored?: boolean;
  readonly purge?: number;
  readonly embargo?: number;
  readonly select?: string;
  readonly minTrades?: number;
}

export interface WalkForwardOutput {
  readonly folds: readonly FoldResult[];
  readonly oos: StitchedOos;
  readonly summary: WalkForwardSummary;
}

function windowOrThrow(flag: string, text: string): WindowLength {
  const w = parseWindowLength(text);
  if (!w) throw new UsageError(`${flag} takes a bar count (e.g. 4000) or a duration (6M, 2w, 30d, 12h, 1y), got "${text}".`);
  return w;
}

function wholeOrThrow(flag: string, v: number | undefined): number {
  if (v === undefined) return 0;
  if (!Number.isSafeInteger(v) || v < 0) throw new UsageError(`${flag} takes a whole number of bars >= 0, got ${v}.`);
  return v;
}

/** Checks the fold settings (before any data is loaded). */
export function checkFoldSettings(job: Pick<WalkForwardJob, 'train' | 'test' | 'step' | 'anchored' | 'purge' | 'embargo' | 'select' | 'minTrades'>): FoldSpec & { select: 'best' | 'robust'; minTrades: number } {
  const select = job.select ?? 'best';
  if (select !== 'best' && select !== 'robust') throw new UsageError(`--select takes best or robust, got "${select}".`);
  return {
    train: windowOrThrow('--train', job.train), test: windowOrThrow('--test', job.test), step: job.step === undefined ? undefined : windowOrThrow('--step', job.step),
    anchored: job.anchored ?? false, purge: wholeOrThrow('--purge', job.purge), embargo: wholeOrThrow('--embargo', job.embargo), select,
    minTrades: wholeOrThrow('--min-trades', job.minTrades),
  };
}

/** The folds for the loaded bars, or a UsageError (windows longer than the data, fewer than 2 folds, overlapping tests). */
export function foldsOrThrow(time: Float64Array, barMs: number, spec: FoldSpec, job: Pick<WalkForwardJob, 'train' | 'test'>): Fold[] {
  const folds = planFolds(time, barMs, spec);
  const n = time.length;
  if (folds.length === 0) {
    throw new UsageError(`--train ${job.train} plus --test ${job.test}${spec.embargo ? ` and --embargo ${spec.embargo}` : ''} do not fit in the data (${formatCount(n)} bars).`, { hint: 'Use shorter windows or a longer date range.' });
  }
  if (folds.length < 2) {
    throw new UsageError(`Only ${folds.length} fold fits in the data (${formatCount(n)} bars); walk-forward needs at least 2.`, { hint: 'Use a shorter --train, --test or --step, or a longer date range.' });
  }
  for (let k = 1; k < folds.length; k++) {
    if (folds[k].testStart < folds[k - 1].testEnd) throw new UsageError('Test windows overlap: --step must be at least --test.', { hint: 'Leave --step out (it defaults to --test).' });
  }
  return folds;
}

/**
 * `backtester walk-forward`: folds over the data; per fold, the config's optimization_ranges are
 * searched on the train window (the optimizer, on the worker pool), the selection is backtested on
 * the test window with warm-up, and the test windows are chained into one out-of-sample run.
 * Writes walk_forward/ (folds.csv, oos_equity.csv, performance_metrics.csv, trades.csv,
 * walk_forward.json, walk_forward.html), index.html and run.json.
 */
export async function runWalkForwardJob(job: WalkForwardJob): Promise<WalkForwardOutput & { outputDir: string }> {
  const fs = checkFoldSettings(job);
  const search = checkSearch(job.inputs, job);
  return inStagedRun(job.outputDir, job.observer, job.debug ?? false, async (dir, o) => {
    o.title('Starting Walk-Forward Optimization', '🔍');
    const { data, loaded } = await job.inputs.load(o);
    // The market's order limits (ccxt exchanges) as in a single run; the config's values win (issue 10 item 5).
    const portfolio = withOrderLimits(job.inputs.portfolio, loaded.limits);
    const frame = loaded.frame;
    // Folds are planned over the bars from --start; the warm-up history before them feeds the
    // indicators of the first train windows (fold indices address the whole loaded frame).
    const w = warmupOf(frame);
    const folds = foldsOrThrow(tradingFrame(frame).time, timeframeMs(frame.timeframe), fs, job)
      .map((f) => ({ trainStart: f.trainStart + w, trainEnd: f.trainEnd + w, testStart: f.testStart + w, testEnd: f.testEnd + w }));
    const planned = search.plan.order.length;
    o.note(`${folds.length} folds × ${formatCount(planned)} combinations; ${fs.anchored ? 'anchored' : 'rolling'} train ${job.train}, test ${job.test}; select ${fs.select} by ${search.set.metric}`, '📈');
    const progress = job.progress ?? silentProgress;
    const t0 = performance.now();
    const spec = {
      jobId: `wf-${process.pid}-${Date.now()}`, frame, def: job.inputs.def, source: job.inputs.source, space: search.space, plan: search.plan,
      portfolio, metric: search.set.metric, folds, select: fs.select, minTrades: fs.minTrades,
    };
    const run = async (pool: EvaluationPool, signal?: AbortSignal) => {
      progress.start('Folds', folds.length);
      const r = await runWalkForward(spec, pool, { signal, onFold: (d) => progress.update(d), prepare: (def, f, p) => prepareStrategy(def, f, p, portfolio.market) });
      progress.finish();
      return r;
    };
    let results: FoldResult[];
    if (job.queue) {
      // The same folds, each train window's combinations evaluated by queue workers (loaded only here).
      const { runOnQueue } = await import('./validation-queue.js');
      const runId = fingerprintOf({ kind: 'walk_forward', v: 1, strategy: job.inputs.source.kind === 'file' ? job.inputs.source.path : job.inputs.def.id, base: job.inputs.params,
        keys: search.space.keys, values: search.space.values, plan: createHash('sha256').update(new Uint8Array(search.plan.order.buffer, search.plan.order.byteOffset, search.plan.order.byteLength)).digest('hex'), portfolio, frame: frameFingerprint(frame), folds });
      o.debug('Evaluating on queue workers');
      results = await runOnQueue(job.queue, runId, 'Walk-forward', o, job.handleSignals ?? false, (pool, signal) => run(pool, signal));
    } else {
      const trainBars = folds.reduce((s, f) => s + f.trainEnd - f.trainStart, 0) / folds.length;
      const { pool, description } = await openPool({ source: job.inputs.source, inProcessBelow: job.inProcessBelow }, search.set.workers, planned,
        [{ ...loaded, frame: { ...frame, length: Math.round(trainBars) } }]);
      o.debug(`Evaluating on ${description}`);
      try {
        results = await run(pool);
      } finally {
        await pool.close();
      }
    }
    o.step('Walk-forward completed', (performance.now() - t0) / 1000);
    const oos = stitchFolds(frame, results, portfolio);
    const summary = walkForwardSummary(results, oos);
    const settings = { train: job.train, test: job.test, step: job.step ?? job.test, anchored: fs.anchored, purge: fs.purge, embargo: fs.embargo, select: fs.select, min_trades: fs.minTrades, metric: search.set.metric, method: search.set.method };
    const wf = join(dir, 'walk_forward');
    await writeWalkForwardFiles(wf, frame, search.space, search.set.metric, results, oos, summary, settings);
    await writeWalkForwardPage(wf, results, oos, summary, { symbol: frame.symbol, timeframe: frame.timeframe, strategy: job.inputs.def.name, origin: frame.origin, metric: search.set.metric, space: search.space });
    const v = oos.metrics.values;
    const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : 'undefined');
    o.summary('Walk-Forward (out of sample)', [
      ['Total Return', pct(v[METRIC_INDEX.total_return])],
      ['Sharpe Ratio', Number.isFinite(v[METRIC_INDEX.sharpe_ratio]) ? v[METRIC_INDEX.sharpe_ratio].toFixed(2) : 'undefined'],
      ['Max Drawdown', pct(v[METRIC_INDEX.max_drawdown])],
      ['Total Trades', String(v[METRIC_INDEX.total_trades])],
      ['WF Efficiency', Number.isFinite(summary.efficiency) ? summary.efficiency.toFixed(3) : 'undefined'],
    ], '🏆');
    return {
      value: { folds: results, oos, summary },
      info: validationInfo(`Walk-forward: ${frame.symbol} ${frame.timeframe}`, job.inputs, data, frame.origin, job.command),
      manifest: {
        kind: 'walk_forward', status: 'complete', partial: false, folds: results.length, ...settings, walk_forward_efficiency: Number.isFinite(summary.efficiency) ? summary.efficiency : null,
        strategy: { id: job.inputs.def.id, params: job.inputs.params }, portfolio,
        data: { exchange: data.exchange, market: data.market, timeframe: data.timeframe, symbols: [frame.symbol], synthetic: frame.origin.synthetic },
      },
    };
  });
}
