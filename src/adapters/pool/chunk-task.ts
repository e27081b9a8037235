import { BacktesterError, StrategyError, type ErrorCode } from '../../base/errors.js';
import type { StrategyOutputRequest, SymbolJob } from '../../orchestration/optimize/job.js';
import type { StrategyOutput } from '../../orchestration/strategy-signals.js';
import type { ValidationUnit } from '../../orchestration/validate/units.js';
import type { OptimizationTableOutputs, WrittenTable } from '../api/optimization-table.js';

/** One message to a worker: evaluate positions [start, end) of `job` into `job.rows`. */
export interface ChunkTask {
  readonly job: SymbolJob;
  readonly start: number;
  readonly end: number;
  /** Shared watch array and this chunk's slot offset in it (chunk-watchdog.ts), when watched. */
  readonly watch?: Float64Array;
  readonly slot?: number;
}

/** One message to a worker: run a validation unit (its results land in shared memory). */
export interface UnitTask {
  readonly unit: ValidationUnit;
}

/**
 * One message to a worker: a strategy's output (every bar, warm-up included) for one parameter set,
 * on a thread that has the strategy loaded already (the best combination's backtest).
 */
export interface OutputTask {
  readonly output: StrategyOutputRequest;
  /** Shared watch array and this call's slot offset in it (chunk-watchdog.ts), when watched. */
  readonly watch?: Float64Array;
  readonly slot?: number;
}

/**
 * One message to a worker: write a symbol's optimization results table and pages (no strategy code
 * runs), while the main thread writes its best_backtest/.
 */
export interface TableTask {
  readonly table: OptimizationTableOutputs;
}

/** A `TableTask`'s answer: the files written, else the error as data. */
export type TableResult = { readonly ok: true; readonly written: WrittenTable } | { readonly ok: false; readonly error: SerializedError };

/** An `OutputTask`'s answer: the output (copied back), else the error as data. */
export type OutputResult = { readonly ok: true; readonly output: StrategyOutput } | { readonly ok: false; readonly error: SerializedError };

/** What crosses back: nothing on success (the rows are in shared memory), else the error as data. */
export type ChunkResult = { readonly ok: true } | { readonly ok: false; readonly error: SerializedError };

export interface SerializedError {
  readonly code: ErrorCode | null;
  readonly message: string;
  readonly hint?: string;
  readonly stack?: string;
  /** The operating system error's fields: of the error itself (code null), else of its cause. */
  readonly system?: SystemErrorFields;
  /** The cause's own message, with `system`. */
  readonly causeMessage?: string;
}

/** What Node's ErrnoException carries besides its message. */
export interface SystemErrorFields {
  readonly code: string;
  readonly errno?: number;
  readonly syscall?: string;
  readonly path?: string;
}

/** An error as plain data (class instances lose their class when posted between threads). */
export function serializeError(e: unknown): SerializedError {
  // The user's own stack (the cause of a strategy error) is what --debug should show.
  if (e instanceof BacktesterError) {
    const system = systemFields(e.cause);
    return { code: e.code, message: e.message, hint: e.hint, stack: e.cause instanceof Error ? e.cause.stack : e.stack, ...(system && { system, causeMessage: (e.cause as Error).message }) };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const system = systemFields(err);
  return { code: null, message: err.message, stack: err.stack, ...(system && { system }) };
}

/** An operating system error's fields (a full disk on a pool thread must read as one here too), else undefined. */
function systemFields(e: unknown): SystemErrorFields | undefined {
  const x = e as NodeJS.ErrnoException | null | undefined;
  if (typeof x?.code !== 'string' || !/^E[A-Z0-9]+$/.test(x.code)) return undefined;
  return { code: x.code, ...(x.errno !== undefined && { errno: x.errno }), ...(x.syscall !== undefined && { syscall: x.syscall }), ...(x.path !== undefined && { path: x.path }) };
}

/** The typed error again on this side (StrategyError for strategy codes); the worker's stack is kept as the cause. */
export function reviveError(s: SerializedError): Error {
  // An I/O error on the thread is the same I/O error here (StagedOutput.explain names a full disk).
  if (s.code === null && s.system) return Object.assign(new Error(s.message), { stack: s.stack }, s.system);
  const cause = Object.assign(new Error(s.causeMessage ?? s.message), { stack: s.stack }, s.system);
  if (s.code === null) return Object.assign(new Error(`A worker thread failed: ${s.message}`), { cause });
  if (s.code.startsWith('STRATEGY_') || s.code === 'PARAMS_INVALID') {
    return new StrategyError(s.code as 'STRATEGY_FAILED', s.message, { hint: s.hint, cause });
  }
  return new BacktesterError(s.code, s.message, { hint: s.hint, cause });
}
