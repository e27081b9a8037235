import { availableParallelism } from 'node:os';
import { ConfigError, UsageError } from '../../base/errors.js';
import { isMetricKey, OPTIMIZATION_METRICS, type MetricKey } from '../../domain/metrics/catalog.js';
import { DEFAULT_N_ITER, DEFAULT_SEED } from '../../domain/params/evaluation-plan.js';
import { buildParamSpace, DEFAULT_MAX_COMBINATIONS, type ParamSpace } from '../../domain/params/param-space.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import { configIssuesError } from '../config/load-config.js';
import { formatCount } from '../../base/format-count.js';

/** Checked optimization settings. */
export interface OptimizationSettingsChecked {
  readonly metric: MetricKey;
  readonly method: 'grid' | 'random';
  readonly nIter: number;
  readonly seed: number;
  readonly maxCombinations: number;
  /** Thread count asked for (undefined: every core). */
  readonly workers: number | undefined;
}

export interface RawOptimizationSettings {
  readonly metric?: string;
  readonly method?: string;
  readonly nIter?: number;
  readonly seed?: number;
  readonly workers?: number;
  readonly maxCombinations?: number;
  /** Combinations with fewer closed trades rank after all others. */
  readonly minTrades?: number;
}

const whole = (v: number | undefined, min: number) => v === undefined || (Number.isSafeInteger(v) && v >= min);

/** Validates the settings a library user or the CLI passed; every problem is a UsageError naming the option. */
export function checkOptimizationSettings(s: RawOptimizationSettings): OptimizationSettingsChecked {
  const metric = s.metric ?? 'total_return';
  if (!isMetricKey(metric) || !OPTIMIZATION_METRICS.includes(metric)) {
    throw new UsageError(`Unknown optimization metric "${metric}".`, { hint: `Use one of: ${OPTIMIZATION_METRICS.join(', ')} (max_drawdown is minimised, the others maximised).` });
  }
  const method = s.method ?? 'grid';
  if (method !== 'grid' && method !== 'random') throw new UsageError(`Unknown optimization method "${method}".`, { hint: 'Use --method grid or --method random.' });
  if (!whole(s.nIter, 1)) throw new UsageError(`--n-iter takes a whole number >= 1, got ${s.nIter}.`);
  if (!whole(s.seed, 0)) throw new UsageError(`--seed takes a whole number >= 0, got ${s.seed}.`);
  if (!whole(s.workers, 1)) throw new UsageError(`--workers takes a whole number >= 1, got ${s.workers}.`);
  if (!whole(s.minTrades, 0)) throw new UsageError(`--min-trades takes a whole number >= 0, got ${s.minTrades}.`);
  if (!whole(s.maxCombinations, 1)) throw new UsageError(`--max-combinations takes a whole number >= 1, got ${s.maxCombinations}.`);
  return {
    metric, method, nIter: s.nIter ?? DEFAULT_N_ITER, seed: s.seed ?? DEFAULT_SEED,
    maxCombinations: s.maxCombinations ?? DEFAULT_MAX_COMBINATIONS, workers: s.workers,
  };
}

/**
 * Notes on settings that do nothing as given, and `--workers` lowered to the number of cores
 * (more threads than cores only cost memory: 1,000 threads took 11.6 GB).
 */
export function settleSettings(s: OptimizationSettingsChecked, raw: RawOptimizationSettings, note: (text: string) => void, cores = availableParallelism()): OptimizationSettingsChecked {
  if (s.method === 'grid' && raw.nIter !== undefined) note(`--n-iter ${raw.nIter} is ignored: --method grid tries every combination (use --method random to sample ${raw.nIter}).`);
  if (s.workers !== undefined && s.workers > cores) {
    note(`--workers ${s.workers} lowered to ${cores}, the number of cores of this machine.`);
    return { ...s, workers: cores };
  }
  return s;
}

/** The parameter space, or one ConfigError listing every problem of the ranges (before any work starts). */
export function spaceOrThrow<P extends object>(def: StrategyDefinition<P>, base: P, ranges: Readonly<Record<string, unknown>> | undefined,
  s: OptimizationSettingsChecked, source: string): ParamSpace<P> {
  const r = buildParamSpace(def, base, ranges ?? {}, { method: s.method, nIter: s.nIter, maxCombinations: s.maxCombinations });
  if (!r.ok) throw configIssuesError(source, r.issues);
  return r.value;
}

/** Every combination of the grid breaks a constraint: nothing to run. */
export function nothingToRun(example: string | null, gridSize: number): ConfigError {
  return new ConfigError(`All ${formatCount(gridSize)} combinations of optimization_ranges break a constraint of the strategy${example ? ` (e.g. ${example})` : ''}.`, {
    hint: 'Change the ranges so that some combinations are valid (for DMA-ATR-Trend: short_ma_window < long_ma_window < trend_ma_window).',
  });
}
