import { BacktesterError, StrategyError, UsageError, type ErrorCode } from '../../../base/errors.js';

/** Prefix of the reason of a chunk a worker refused (another version, a strategy file it will not run). */
export const REFUSED = 'REFUSED';

/**
 * A worker's error as a BullMQ failed reason: `CODE: message (hint: …)`. Readable in a dashboard,
 * and parsed back into the typed error on the coordinator.
 */
export function failureReason(e: unknown): string {
  if (e instanceof BacktesterError) return `${e.code}: ${e.message}${e.hint ? ` (hint: ${e.hint})` : ''}`;
  return `ERROR: ${e instanceof Error ? e.message : String(e)}`;
}

/** The typed error behind a failed reason; `where` names the chunk. */
export function reviveFailure(reason: string, where: string): Error {
  const m = /^([A-Z_]+): ([\s\S]*?)(?: \(hint: ([\s\S]*)\))?$/.exec(reason);
  const code = m?.[1] ?? 'ERROR';
  const message = m?.[2] ?? reason;
  const hint = m?.[3];
  if (code === REFUSED) {
    return new UsageError(`A worker refused the chunk of ${where}: ${message}.`, { hint: hint ?? 'See docs/distributed.md.' });
  }
  if (code.startsWith('STRATEGY_') || code === 'PARAMS_INVALID') return new StrategyError(code as 'STRATEGY_FAILED', message, { hint });
  if (code === 'ERROR') return new Error(`A queue worker failed on ${where}: ${message}`);
  return new BacktesterError(code as ErrorCode, message, { hint });
}
