/**
 * Worker-thread entry of the optimization pool (piscina). Each thread keeps, per symbol job, one
 * evaluator (simulation buffers, metrics scratch, indicator cache over the shared series) and
 * reuses it for every chunk of that job; rows are written straight into shared memory.
 */
import { MemoIndicatorCache, type StrategyRuntime } from '../../domain/strategies/strategy.js';
import { strategySignals } from '../../orchestration/strategy-signals.js';
import { EvaluatorStore } from '../../orchestration/optimize/evaluator-store.js';
import { resolveBuiltinOrInline } from '../../orchestration/optimize/in-process-pool.js';
import type { StrategySource } from '../../orchestration/optimize/job.js';
import { loadStrategyFile } from '../strategy/load-strategy-file.js';
import { threadId } from 'node:worker_threads';
import { runValidationUnit } from '../../orchestration/validate/units.js';
import { serializeError, type ChunkResult, type ChunkTask, type OutputResult, type OutputTask, type TableResult, type TableTask, type UnitTask } from './chunk-task.js';
import { warmUpSteps } from '../../orchestration/optimize/warm-up.js';
import { writeOptimizationTable } from '../api/optimization-table.js';
import { performance } from 'node:perf_hooks';
import { StrategyError } from '../../base/errors.js';
import { installStrategyThreadGuards, lateErrorMessage, settleLateErrors, takeLateError } from '../strategy/strategy-thread-guards.js';

const store = new EvaluatorStore();

/** Set by the first task: the warm-up stops there (real work warms the code from then on). */
let working = false;
/** Milliseconds of warm-up between two looks at the event loop (a task waits at most about this long). */
const WARM_SLICE_MS = 4;
// Thread start-up: optimize the hot kernels while the main thread loads the data, in slices, so
// that a first chunk arriving early (a short data load) never waits for the whole warm-up.
const warming = warmUpSteps();
const warmSlice = (): void => {
  const t0 = performance.now();
  while (!working) {
    if (warming.next().done) return;
    if (performance.now() - t0 >= WARM_SLICE_MS) {
      setImmediate(warmSlice);
      return;
    }
  }
};
warmSlice();
const defs = new Map<string, Promise<StrategyRuntime<any>>>();

/** Strategy files are loaded once per thread; built-ins come from the registry. */
export function resolveInWorker(source: StrategySource): Promise<StrategyRuntime<any>> {
  const key = source.kind === 'file' ? `file:${source.path}` : source.kind === 'builtin' ? `builtin:${source.id}` : '';
  let def = defs.get(key);
  if (def === undefined) {
    // User code on this thread: its process.exit() throws, its late errors are kept (reported below).
    if (source.kind === 'file') installStrategyThreadGuards();
    def = source.kind === 'file' ? loadStrategyFile(source.path) : resolveBuiltinOrInline(source);
    if (key) defs.set(key, def);
  }
  return def;
}

export default async function evaluateChunk(task: ChunkTask | UnitTask | OutputTask | TableTask): Promise<ChunkResult | OutputResult | TableResult> {
  working = true;
  if ('unit' in task) return runUnit(task);
  if ('output' in task) return strategyOutput(task);
  if ('table' in task) return writeTable(task);
  try {
    const def = await resolveInWorker(task.job.strategy);
    const file = task.job.strategy.kind === 'file';
    if (file) throwLate(def.name, takeLateError());
    const watch = task.watch && task.slot !== undefined ? { watch: task.watch, offset: task.slot } : null;
    store.get(task.job, def).evaluate(task.job.order, task.start, task.end, task.job.rows, watch);
    if (file) throwLate(def.name, await settleLateErrors());
    return { ok: true };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/**
 * One parameter set's output over every bar (warm-up included), exactly as a strategy host thread
 * computes it (strategy-host-worker.ts), with the strategy this thread loaded for the chunks.
 */
async function strategyOutput(task: OutputTask): Promise<OutputResult> {
  const { frame, strategy, params, market } = task.output;
  try {
    const def = await resolveInWorker(strategy);
    const file = strategy.kind === 'file';
    if (file) throwLate(def.name, takeLateError());
    const watch = task.watch && task.slot !== undefined ? { watch: task.watch, offset: task.slot } : null;
    const out = strategySignals({ ...frame, warmup: 0 }, def, params, market, new MemoIndicatorCache(), { watch, position: -1 });
    if (file) throwLate(def.name, await settleLateErrors());
    return { ok: true, output: { signals: out.signals, indicators: { ...out.indicators }, placement: { ...out.placement } } };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

function throwLate(strategy: string, late: unknown): void {
  if (late === undefined) return;
  throw new StrategyError('STRATEGY_FAILED', lateErrorMessage(strategy, late), {
    hint: 'Compute signals synchronously in initIndicators()/generateSignals(); do not start timers or promises.', cause: late,
  });
}

/** A symbol's results table and pages. */
async function writeTable({ table }: TableTask): Promise<TableResult> {
  try {
    return { ok: true, written: await writeOptimizationTable(table) };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/** A validation unit: pure computation over shared memory (no strategy code runs). */
function runUnit({ unit }: UnitTask): ChunkResult {
  try {
    runValidationUnit(unit);
    if (unit.trace) unit.trace.ids[unit.trace.slot] = threadId + 1;
    return { ok: true };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}
