import { closeSync, copyFileSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pino from 'pino';
import type { Logger } from '../../orchestration/ports.js';
import type { RunObserver } from './observer.js';
import type { StagedOutput } from '../output/staged-output.js';

/** The log every run writes into its output folder: one readable line per event, ISO times (UTC). */
export const LOG_FILE_NAME = 'backtester.log';
/** Its machine-readable twin: the same events as JSON lines (pino), with their fields. */
export const LOG_JSON_NAME = 'backtester.jsonl';
/** Where the log of a run that failed before publishing is kept (its staging folder is removed). */
export const FAILED_LOGS_DIR = join(tmpdir(), 'backtester-logs');
const KEEP_FAILED_LOGS = 20;

export interface RunLog {
  readonly logger: Logger;
  /** Wraps an observer so every event is also written to the log files. */
  tee(observer: RunObserver): RunObserver;
  /** Flushes and closes the files; later calls do nothing. */
  close(): void;
  /**
   * For a run that failed before publishing: writes the error to the log, closes it and copies the
   * readable log to `FAILED_LOGS_DIR` (the staging folder holding it is about to be removed).
   * Not for a bad command line or configuration (exit 2), whose message says everything.
   * Records the copy's path on the error (`logPath`, printed by the CLI) and returns it, or null
   * when it could not be kept.
   */
  keepAfterFailure(e: unknown): string | null;
}

type Level = 'DEBUG' | 'INFO' | 'OK' | 'WARN' | 'ERROR';

/**
 * Opens the run's logs: the readable `path` (`backtester.log`) and the JSON-lines twin beside it
 * (`backtester.jsonl`, pino). `debug` adds the debug events to both.
 */
export function openRunLog(path: string, debug: boolean): RunLog {
  mkdirSync(dirname(path), { recursive: true });
  // pino hands each line to `write`, written at once like the readable log. Not pino.destination:
  // closing it synced the file to disk (an fsync in the main thread, another in the thread pool
  // that kept the process alive), which no other file of the run pays either.
  const jsonFd = openSync(join(dirname(path), LOG_JSON_NAME), 'a');
  const dest = { write: (s: string) => { writeSync(jsonFd, s); } };
  const pinoLog = pino({ level: debug ? 'debug' : 'info', base: { pid: process.pid } }, dest);
  // Events after close() (a last console note) still reach the console, not the closed files.
  const p = {
    debug: (f: object, m: string) => { if (!closed) pinoLog.debug(f, m); },
    info: (f: object, m: string) => { if (!closed) pinoLog.info(f, m); },
    warn: (f: object, m: string) => { if (!closed) pinoLog.warn(f, m); },
    error: (f: object, m: string) => { if (!closed) pinoLog.error(f, m); },
  };
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (e) {
    closeSync(jsonFd);
    throw e;
  }
  let closed = false;
  const line = (level: Level, text: string) => {
    if (closed || (level === 'DEBUG' && !debug)) return;
    // one event per line: line breaks inside a message become ' ⏎ '
    writeSync(fd, `${new Date().toISOString()} ${level.padEnd(5)} ${text.replace(/\r?\n/g, ' ⏎ ')}\n`);
  };
  const logger: Logger = {
    debug: (msg, f) => { p.debug(f ?? {}, msg); line('DEBUG', msg); },
    info: (msg, f) => { p.info(f ?? {}, msg); line('INFO', msg); },
    warn: (msg, f) => { p.warn(f ?? {}, msg); line('WARN', msg); },
    error: (msg, f) => { p.error(f ?? {}, msg); line('ERROR', msg); },
  };
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      closeSync(jsonFd);
    } finally {
      closeSync(fd);
    }
  };
  return {
    logger,
    tee(o) {
      return {
        title(t, icon) { p.info({ event: 'title' }, t); line('INFO', `== ${t}`); o.title(t, icon); },
        step(l, s) { p.info({ event: 'step', seconds: s }, l); line('OK', s === undefined ? l : `${l} (${s.toFixed(2)}s)`); o.step(l, s); },
        note(t, icon) { p.info({ event: 'note' }, t); line('INFO', t); o.note(t, icon); },
        warn(t) { p.warn({ event: 'warning' }, t); line('WARN', t); o.warn(t); },
        debug(t) { p.debug({ event: 'debug' }, t); line('DEBUG', t); o.debug(t); },
        summary(title, rows, icon) {
          p.info({ event: 'summary', ...Object.fromEntries(rows) }, title);
          line('INFO', `${title}: ${rows.map(([k, v]) => `${k} ${v}`).join('; ')}`);
          o.summary(title, rows, icon);
        },
      };
    },
    close,
    keepAfterFailure(e) {
      // A bad command line or config (exit 2) is said in full by its message: no log to keep.
      const code = (e as { code?: unknown } | null)?.code;
      if (code === 'USAGE' || code === 'CONFIG_INVALID' || code === 'CONFIG_NOT_FOUND') {
        close();
        return null;
      }
      const err = e as { message?: unknown; hint?: unknown } | undefined;
      const text = [err?.message, err?.hint].filter((x) => typeof x === 'string' && x).join(' ') || String(e);
      if (!closed) logger.error(`The run failed before publishing: ${text}`);
      close();
      try {
        mkdirSync(FAILED_LOGS_DIR, { recursive: true });
        const kept = join(FAILED_LOGS_DIR, `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
        copyFileSync(path, kept);
        pruneFailedLogs();
        if (e !== null && typeof e === 'object') (e as { logPath?: string }).logPath = kept;
        return kept;
      } catch {
        return null;
      }
    },
  };
}

/** Keeps the newest `KEEP_FAILED_LOGS` logs of failed runs (names start with their ISO time). */
function pruneFailedLogs(): void {
  const names = readdirSync(FAILED_LOGS_DIR).filter((f) => /^\d{4}-.*\.log$/.test(f)).sort();
  for (const f of names.slice(0, Math.max(0, names.length - KEEP_FAILED_LOGS))) rmSync(join(FAILED_LOGS_DIR, f), { force: true });
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
