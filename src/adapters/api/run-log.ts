import pino from 'pino';
import type { Logger } from '../../orchestration/ports.js';
import type { RunObserver } from './observer.js';
import type { StagedOutput } from '../output/staged-output.js';

/** The log file every run writes into its output folder. */
export const LOG_FILE_NAME = 'backtester.log';

export interface RunLog {
  readonly logger: Logger;
  /** Wraps an observer so every event is also written to the log file. */
  tee(observer: RunObserver): RunObserver;
  /** Flushes and closes the file; later calls do nothing. */
  close(): void;
}

/** Opens a JSON-lines log (pino) at `path`; `debug` lowers the level to debug. */
export function openRunLog(path: string, debug: boolean): RunLog {
  const dest = pino.destination({ dest: path, sync: true, mkdir: true });
  const p = pino({ level: debug ? 'debug' : 'info', base: { pid: process.pid } }, dest);
  let closed = false;
  const logger: Logger = {
    debug: (msg, f) => p.debug(f ?? {}, msg),
    info: (msg, f) => p.info(f ?? {}, msg),
    warn: (msg, f) => p.warn(f ?? {}, msg),
    error: (msg, f) => p.error(f ?? {}, msg),
  };
  return {
    logger,
    tee(o) {
      return {
        title(t, icon) { p.info({ event: 'title' }, t); o.title(t, icon); },
        step(l, s) { p.info({ event: 'step', seconds: s }, l); o.step(l, s); },
        note(t, icon) { p.info({ event: 'note' }, t); o.note(t, icon); },
        warn(t) { p.warn({ event: 'warning' }, t); o.warn(t); },
        debug(t) { p.debug({ event: 'debug' }, t); o.debug(t); },
        summary(title, rows, icon) { p.info({ event: 'summary', ...Object.fromEntries(rows) }, title); o.summary(title, rows, icon); },
      };
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        dest.flushSync();
      } finally {
        dest.end();
      }
    },
  };
}

/** Opens the run's log in its staging folder; on failure the staging is removed and the cause explained. */
export function openLogOrDiscard(staged: StagedOutput, path: string, debug: boolean): RunLog {
  try {
    return openRunLog(path, debug);
  } catch (e) {
    staged.release(true);
    throw staged.explain(e);
  }
}
