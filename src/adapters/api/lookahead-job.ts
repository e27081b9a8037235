import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { StrategyError, UsageError } from '../../base/errors.js';
import { checkLookahead, checkLookaheadWith, outputSeries, type LookaheadReport } from '../../orchestration/validate/lookahead.js';
import { isSandboxed, sandboxedSignals } from '../strategy/sandboxed-strategy.js';
import type { RunObserver } from './observer.js';
import type { ValidationInputs } from './validation-inputs.js';

export interface LookaheadJob {
  readonly inputs: ValidationInputs;
  readonly sample?: number;
  readonly shifts?: readonly number[];
  /** Also write lookahead.json here. */
  readonly outputDir?: string;
  readonly observer: RunObserver;
}

const fmt = (x: number) => (x !== x ? 'NaN' : String(x));

/**
 * `backtester check-lookahead`: runs the look-ahead and warm-up check on one symbol's bars and
 * prints every problem (series, bar, both values). Throws a StrategyError (exit code 4) when it
 * finds one, so scripts and CI can gate on it.
 */
export async function runLookaheadJob(job: LookaheadJob): Promise<LookaheadReport> {
  for (const k of job.shifts ?? []) if (!Number.isInteger(k) || k < 1) throw new UsageError(`--shift takes whole numbers >= 1, got ${k}.`);
  const o = job.observer;
  o.title(`Checking ${job.inputs.def.name} for look-ahead and warm-up dependence`, '🔍');
  const { loaded } = await job.inputs.load(o);
  const frame = loaded.frame;
  for (const k of job.shifts ?? []) if (k >= frame.length / 2) throw new UsageError(`--shift ${k} must be below half the data (${frame.length} bars).`);
  const t0 = performance.now();
  const spec = { frame, def: job.inputs.def, params: job.inputs.params, market: job.inputs.portfolio.market, sample: job.sample, shifts: job.shifts };
  const def = job.inputs.def;
  // A strategy file runs in its worker thread (Ctrl-C and --strategy-timeout stay in force).
  const report = isSandboxed(def)
    ? await checkLookaheadWith(spec, async (f) => { const out = await sandboxedSignals(def, f, spec.params, spec.market); return outputSeries(out.indicators, out.signals); })
    : checkLookahead(spec);
  o.step(`Checked ${report.series.length} series at ${report.cuts} truncation points (${report.signalCuts} signal bars) and ${report.shifts.length} start shift(s)`, (performance.now() - t0) / 1000);
  const time = (i: number) => new Date(frame.time[i]).toISOString();
  const rows = report.problems.map((p) => [
    `${p.kind === 'lookahead' ? 'LOOK-AHEAD' : 'WARM-UP'} ${p.series}`,
    p.kind === 'lookahead'
      ? `bar ${p.bar} (${time(p.bar)}) was ${fmt(p.full)} with all data, ${fmt(p.changed)} with data ending at bar ${p.cut}; ${p.count} truncation(s) changed it`
      : `bar ${p.bar} (${time(p.bar)}) is ${fmt(p.full)} from the first bar, ${fmt(p.changed)} with the data starting ${p.shift} bars later`,
  ] as const);
  if (job.outputDir) {
    await mkdir(job.outputDir, { recursive: true });
    await writeFile(join(job.outputDir, 'lookahead.json'), `${JSON.stringify({ strategy: job.inputs.def.id, params: job.inputs.params, bars: frame.length, ...report }, null, 2)}\n`);
  }
  if (report.problems.length > 0) {
    o.summary('Look-ahead check: problems found', rows);
    throw new StrategyError('STRATEGY_FAILED', `Look-ahead check failed: ${report.problems.length} series use future data or depend on where the data starts.`, {
      hint: 'Compute each bar from bars up to it only (no shift(-1), no whole-series max/mean/normalisation), and give recursive indicators enough warm-up.',
    });
  }
  o.summary('Look-ahead check passed', [['Series', report.series.join(', ')], ['Truncations', `${report.cuts} (${report.signalCuts} at signal bars)`], ['Start shifts', report.shifts.join(', ') || 'none']], '✅');
  return report;
}
