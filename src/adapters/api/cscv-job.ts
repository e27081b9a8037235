import { withOrderLimits } from '../../domain/portfolio/market-limits.js';
import { createHash } from 'node:crypto';
import { tradingFrame } from '../../domain/frame/warmup.js';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../../base/errors.js';
import { runCscv, type CscvRun } from '../../orchestration/validate/cscv-run.js';
import { barsPerYear } from '../../domain/frame/timeframe.js';
import { silentProgress } from '../../orchestration/ports.js';
import { writeCscvFiles } from '../report/csv/cscv-csv.js';
import { writeCscvPage } from '../report/html/validation/cscv-page.js';
import type { EvaluationPool } from '../../orchestration/optimize/job.js';
import { openPool } from './optimization-run.js';
import { fingerprintOf, frameFingerprint } from './optimization-state.js';
import { checkSearch, inStagedRun, validationInfo, type ValidationSearchJob } from './validation-run.js';
import { formatCount } from '../../base/format-count.js';

export interface CscvJob extends ValidationSearchJob {
  /** S, even (default 16). */
  readonly blocks?: number;
}

/** Largest S: C(24, 12) = 2,704,156 splits. */
export const MAX_BLOCKS = 24;

/** Checks --blocks: even, 2..24. */
export function checkBlocks(blocks: number): void {
  if (!Number.isInteger(blocks) || blocks < 2 || blocks % 2 !== 0 || blocks > MAX_BLOCKS) {
    throw new UsageError(`--blocks must be an even whole number from 2 to ${MAX_BLOCKS}, got ${blocks}.`, {
      hint: 'CSCV splits the blocks into two halves of equal size; 16 (12,870 splits) is the usual choice.',
    });
  }
}

/**
 * `backtester cscv`: every combination of the config's optimization_ranges on the worker pool,
 * its per-bar returns cut into S blocks, then every C(S, S/2) split scored (CSCV, PBO). Writes
 * cscv_blocks.csv, cscv_splits.csv, cscv_logit_histogram.csv, pbo.json, cscv.html, index.html, run.json.
 */
export async function runCscvJob(job: CscvJob): Promise<CscvRun & { outputDir: string }> {
  const S = job.blocks ?? 16;
  checkBlocks(S);
  const search = checkSearch(job.inputs, job);
  if (search.plan.order.length < 2) {
    throw new UsageError(`CSCV needs at least 2 combinations to rank; optimization_ranges give ${search.plan.order.length}.`, {
      hint: 'List several values for at least one parameter in optimization_ranges.',
    });
  }
  return inStagedRun(job.outputDir, job.observer, job.debug ?? false, async (dir, o) => {
    o.title('Starting CSCV (probability of backtest overfitting)', '🔍');
    const { data, loaded } = await job.inputs.load(o);
    // The market's order limits (ccxt exchanges) as in a single run; the config's values win (issue 10 item 5).
    const portfolio = withOrderLimits(job.inputs.portfolio, loaded.limits);
    const frame = loaded.frame;
    const traded = tradingFrame(frame);
    if (traded.length < 2 * S) {
      throw new UsageError(`${traded.length} bars are too few for ${S} blocks (each block needs at least 2 bars).`, { hint: 'Use fewer --blocks or a longer date range.' });
    }
    const planned = search.plan.order.length;
    o.note(`${formatCount(planned)} combinations × ${S} blocks of ~${Math.floor(traded.length / S)} bars; ${(binomialText(S))} splits`, '📈');
    const progress = job.progress ?? silentProgress;
    const t0 = performance.now();
    const evaluate = async (pool: EvaluationPool, signal?: AbortSignal) => {
      progress.start('Evaluating', planned);
      const r = await runCscv({
        jobId: `cscv-${process.pid}-${Date.now()}`, frame, def: job.inputs.def, source: job.inputs.source, space: search.space,
        plan: search.plan, portfolio, blocks: S,
      }, pool, { signal, onProgress: (d) => progress.update(d) });
      progress.finish();
      return r;
    };
    let run: CscvRun;
    if (job.queue) {
      // Every combination on queue workers; each chunk brings back its rows and per-block return sums (loaded only here).
      const { runOnQueue } = await import('./validation-queue.js');
      const runId = fingerprintOf({ kind: 'cscv', v: 1, strategy: job.inputs.source.kind === 'file' ? job.inputs.source.path : job.inputs.def.id, base: job.inputs.params,
        keys: search.space.keys, values: search.space.values, plan: createHash('sha256').update(new Uint8Array(search.plan.order.buffer, search.plan.order.byteOffset, search.plan.order.byteLength)).digest('hex'), portfolio, frame: frameFingerprint(frame), blocks: S });
      o.debug('Evaluating on queue workers');
      run = await runOnQueue(job.queue, runId, 'CSCV', o, job.handleSignals ?? false, (pool, signal) => evaluate(pool, signal));
    } else {
      const { pool, description } = await openPool({ source: job.inputs.source, inProcessBelow: job.inProcessBelow }, search.set.workers, planned, [loaded]);
      o.debug(`Evaluating on ${description}`);
      try {
        run = await evaluate(pool);
      } finally {
        await pool.close();
      }
    }
    o.step('CSCV completed', (performance.now() - t0) / 1000);
    const annual = Math.sqrt(barsPerYear(frame.timeframe, portfolio.daysPerYear));
    await writeCscvFiles(dir, run, search.space, traded, annual);
    await writeCscvPage(dir, run, search.space, { symbol: frame.symbol, timeframe: frame.timeframe, strategy: job.inputs.def.name, origin: frame.origin, annual });
    const s = run.summary;
    const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'undefined');
    o.summary('Probability of Backtest Overfitting', [
      ['PBO', `${pct(s.pbo)} of ${formatCount(s.splits)} splits: the in-sample best ranked in the bottom half out of sample`],
      ['Prob. of OOS loss', pct(s.probLoss)],
      ['Degradation slope', Number.isFinite(s.slope) ? s.slope.toFixed(3) : 'undefined'],
      ['Mean IS → OOS Sharpe', `${(s.meanIs * annual).toFixed(2)} → ${(s.meanOos * annual).toFixed(2)} (annualized)`],
    ], '🏆');
    return {
      value: run,
      info: validationInfo(`CSCV: ${frame.symbol} ${frame.timeframe}`, job.inputs, data, frame.origin, job.command),
      manifest: {
        kind: 'cscv', status: 'complete', partial: false, blocks: S, combinations: planned, splits: s.splits, pbo: s.pbo,
        method: search.set.method, seed: search.set.seed, strategy: { id: job.inputs.def.id, params: job.inputs.params }, portfolio,
        data: { exchange: data.exchange, market: data.market, timeframe: data.timeframe, symbols: [frame.symbol], synthetic: frame.origin.synthetic },
      },
    };
  });
}

function binomialText(S: number): string {
  let r = 1;
  for (let i = 1; i <= S / 2; i++) r = (r * (S / 2 + i)) / i;
  return formatCount(Math.round(r));
}
