import { isBacktesterError, type ErrorCode } from '../../base/errors.js';

const EXIT: Record<ErrorCode, number> = {
  USAGE: 2, CONFIG_INVALID: 2, CONFIG_NOT_FOUND: 2, PARAMS_INVALID: 2,
  DATA_INVALID: 3, DATA_EMPTY: 3, DATA_NOT_FOUND: 3, SYMBOL_UNKNOWN: 3, NETWORK: 3, CACHE_CORRUPT: 3, CACHE_LOCKED: 3,
  STRATEGY_UNKNOWN: 4, STRATEGY_FAILED: 4, STRATEGY_TIMEOUT: 4,
  OUTPUT_FAILED: 5,
  INTERRUPTED: 130,
};

/** Exit code for an error: by family for known errors, 1 for anything unexpected (a bug). */
export function exitCodeFor(e: unknown): number {
  return isBacktesterError(e) ? EXIT[e.code] : 1;
}

/** The one-paragraph message the user sees; the stack only with --debug. */
export function formatError(e: unknown, o: { debug: boolean; rich: boolean }): string {
  const red = (s: string) => (o.rich ? `\u001b[31m${s}\u001b[0m` : s);
  // A run that failed after it started writing keeps its log (run-log.ts keepAfterFailure).
  const logPath = e !== null && typeof e === 'object' && typeof (e as { logPath?: unknown }).logPath === 'string' ? (e as { logPath: string }).logPath : null;
  const logNote = logPath ? ` The run's log: ${logPath}` : '';
  if (isBacktesterError(e)) {
    let text = `${red('Error:')} ${e.userMessage()}${logNote}\n`;
    if (o.debug) text += `${e.stack ?? ''}\n${e.cause instanceof Error ? `Caused by: ${e.cause.stack}\n` : ''}`;
    return text;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return `${red('Internal error:')} ${err.message}. This is a bug in backtester; please report it with the output of --debug.${logNote}\n${o.debug ? `${err.stack}\n` : ''}`;
}
