/**
 * The error root. Adapters and orchestration throw these; the CLI maps them to a one-paragraph
 * message and an exit code. Kernels never throw (they return NaN or status codes) and domain
 * parsers return issues, which the layer above turns into one of these.
 */

/** Stable machine-readable error codes. The CLI picks its exit code from the family. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_NOT_FOUND'
  | 'USAGE'
  | 'DATA_INVALID'
  | 'DATA_EMPTY'
  | 'DATA_NOT_FOUND'
  | 'SYMBOL_UNKNOWN'
  | 'NETWORK'
  | 'CACHE_CORRUPT'
  | 'CACHE_LOCKED'
  | 'STRATEGY_UNKNOWN'
  | 'STRATEGY_FAILED'
  | 'STRATEGY_TIMEOUT'
  | 'PARAMS_INVALID'
  | 'OUTPUT_FAILED'
  | 'INTERRUPTED';

export interface ErrorDetails {
  /** What the user can do about it, one or two sentences. */
  readonly hint?: string;
  /** The underlying error, kept for `--debug`. */
  readonly cause?: unknown;
}

/** Base of every error the user is meant to read. `message` says what is wrong. */
export class BacktesterError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = details.hint;
  }

  /** The one-paragraph text shown to the user: what is wrong, then how to fix it. */
  userMessage(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }
}

/** A config file or parameter set that fails validation. */
export class ConfigError extends BacktesterError {
  constructor(message: string, details: ErrorDetails = {}, code: ErrorCode = 'CONFIG_INVALID') {
    super(code, message, details);
  }
}

/** A command line that cannot be run as given. */
export class UsageError extends BacktesterError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('USAGE', message, details);
  }
}

/** Market data that is missing, empty or not usable. */
export class DataError extends BacktesterError {
  constructor(code: Extract<ErrorCode, `DATA_${string}` | 'SYMBOL_UNKNOWN' | 'CACHE_CORRUPT' | 'CACHE_LOCKED'>,
    message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}

/** An exchange or network that stayed unreachable after retries. */
export class NetworkError extends BacktesterError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('NETWORK', message, details);
  }
}

/** A strategy that is unknown, cannot be loaded, or throws while computing. */
export class StrategyError extends BacktesterError {
  constructor(code: Extract<ErrorCode, `STRATEGY_${string}` | 'PARAMS_INVALID'>, message: string,
    details: ErrorDetails = {}) {
    super(code, message, details);
  }
}

/** Writing results failed; nothing half-written is left looking complete. */
export class OutputError extends BacktesterError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('OUTPUT_FAILED', message, details);
  }
}

/** The user stopped the run (Ctrl-C); finished work was saved and marked partial. */
export class InterruptedError extends BacktesterError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('INTERRUPTED', message, details);
  }
}

export function isBacktesterError(e: unknown): e is BacktesterError {
  return e instanceof BacktesterError;
}
