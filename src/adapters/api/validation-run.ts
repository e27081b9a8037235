import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../../base/errors.js';
import { formatDateUtc } from '../../domain/frame/dates.js';
import { planEvaluations, type EvaluationPlan } from '../../domain/params/evaluation-plan.js';
import type { ParamSpace } from '../../domain/params/param-space.js';
import { StagedOutput } from '../output/staged-output.js';
import { writeIndexPage } from '../report/html/index.js';
import type { RunInfo } from '../report/html/run-info.js';
import type { MarketData } from './market-data.js';
import type { RunObserver } from './observer.js';
import { checkOptimizationSettings, nothingToRun, spaceOrThrow, type OptimizationSettingsChecked, type RawOptimizationSettings } from './optimization-settings.js';
import { LOG_FILE_NAME, openRunLog } from './run-log.js';
import type { ValidationInputs } from './validation-inputs.js';
import type { Progress } from '../../orchestration/ports.js';
import type { QueueSettings } from './optimization-queue.js';

/** What every validation search job (walk-forward, CSCV) takes besides its own settings. */
export interface ValidationSearchJob extends RawOptimizationSettings {
  readonly inputs: ValidationInputs;
  readonly outputDir: string;
  readonly observer: RunObserver;
  readonly progress?: Progress;
  readonly debug?: boolean;
  readonly command?: string;
  /** Work (combinations × bars) below which everything stays in this thread. */
  readonly inProcessBelow?: number;
  /** Evaluate the combinations on queue workers over Redis (docs/distributed.md). */
  readonly queue?: QueueSettings;
  /** Turn SIGINT/SIGTERM into a clean stop of a queued run (the CLI). */
  readonly handleSignals?: boolean;
}

/** The checked search of a validation run: settings, parameter space and evaluation plan. */
export interface ValidationSearch {
  readonly set: OptimizationSettingsChecked;
  readonly space: ParamSpace<any>;
  readonly plan: EvaluationPlan;
}

/** Checks the optimizer settings and the config's optimization_ranges (before any data is loaded). */
export function checkSearch(inputs: ValidationInputs, raw: RawOptimizationSettings): ValidationSearch {
  const set = checkOptimizationSettings(raw);
  if (inputs.ranges === undefined || Object.keys(inputs.ranges).length === 0) {
    throw new UsageError(`No optimization_ranges in ${inputs.configPath}: there are no combinations to validate.`, {
      hint: 'Add optimization_ranges to the config (see docs/optimization.md).',
    });
  }
  const space = spaceOrThrow(inputs.def, inputs.params, inputs.ranges, set, `optimization_ranges of ${inputs.configPath}`);
  const plan = planEvaluations(space, inputs.def, set);
  if (plan.order.length === 0) throw nothingToRun(plan.skipExample, plan.gridSize);
  return { set, space, plan };
}

/** Runs `body` in a staged output folder with a run log, then writes index.html and run.json (last). */
export async function inStagedRun<T>(outputDir: string, observer: RunObserver, debug: boolean,
  body: (dir: string, o: RunObserver, started: number) => Promise<{ manifest: Record<string, unknown>; info: RunInfo; value: T }>): Promise<T & { outputDir: string }> {
  const started = performance.now();
  const staged = await StagedOutput.create(outputDir);
  const log = openRunLog(join(staged.dir, LOG_FILE_NAME), debug);
  const o = log.tee(observer);
  try {
    const replacing = staged.replacementNote();
    if (replacing) o.note(replacing);
    const r = await body(staged.dir, o, started);
    await writeIndexPage(staged.dir, r.info);
    log.close();
    await staged.publish(r.manifest);
    observer.note(`Results written to ${staged.finalDir}; open index.html in a browser for the reports.`);
    return { ...r.value, outputDir: staged.finalDir };
  } catch (e) {
    log.keepAfterFailure(e);
    await staged.discard();
    throw e;
  }
}

/** The run description shown on index.html. */
export function validationInfo(title: string, inputs: ValidationInputs, data: MarketData, origin: RunInfo['origin'], command?: string): RunInfo {
  return {
    title, symbols: [inputs.symbol], timeframe: data.timeframe,
    start: data.start === undefined ? null : formatDateUtc(data.start), end: data.end === undefined ? null : formatDateUtc(data.end),
    strategy: { id: inputs.def.id, name: inputs.def.name, params: inputs.params }, portfolio: inputs.portfolio, origin,
    ...(command ? { command } : {}), ...(inputs.configPath.startsWith('(') ? {} : { configPath: inputs.configPath }),
  };
}
