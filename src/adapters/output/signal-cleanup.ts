import { discardAllSync } from './staged-output.js';

/**
 * Ctrl-C (SIGINT) or SIGTERM of a run that has no interrupt handling of its own (a single
 * backtest): remove the unpublished staging folders and their locks, say so, and exit with 130.
 * When another handler is listening (an optimization saves its finished work), it decides.
 * Returns the function that removes the handlers.
 */
export function installSignalCleanup(err: NodeJS.WritableStream = process.stderr): () => void {
  const handler = (sig: NodeJS.Signals) => {
    if (process.listenerCount(sig) > 1) return;
    discardAllSync();
    err.write(`Interrupted (${sig}): nothing was published; earlier results in the output folder were left as they were.\n`);
    process.exit(130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
