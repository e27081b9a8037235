/**
 * Names in Redis. The chunk queue is a plain BullMQ queue (keys `bull:<name>:*`), so any BullMQ
 * dashboard (bull-board, Taskforce) shows it; the data the chunks refer to lives beside it under
 * `backtester:*` and is content-addressed, so uploading the same frame twice stores it once.
 */

/** The queue every coordinator and worker uses unless `--queue-name` says otherwise. */
export const DEFAULT_QUEUE_NAME = 'backtester-chunks';
/** BullMQ's default key prefix (dashboards expect it). */
export const BULL_PREFIX = 'bull';
/** Uploaded frames, strategy files, contexts and stored results expire after a week unused. */
export const DATA_TTL_SECONDS = 7 * 24 * 3600;
/** A worker's heartbeat key lives this long; workers refresh it every third of it. */
export const HEARTBEAT_TTL_SECONDS = 15;

export const keys = {
  /** A frame's bars and metadata (binary), by its sha256. */
  frame: (fp: string) => `backtester:frame:${fp}`,
  /** A user strategy file's text, by its sha256. */
  strategy: (sha: string) => `backtester:strategy:${sha}`,
  /** A validation unit's inputs (binary, unit-codec.ts), by their sha256. */
  unit: (sha: string) => `backtester:unit:${sha}`,
  /** What every chunk of one symbol job shares (JSON), by its sha256. */
  context: (key: string) => `backtester:ctx:${key}`,
  /** Hash of finished chunks of one run and context (or unit input): field `start-end` → metrics rows or unit results (float64, little-endian). */
  results: (runId: string, fp: string) => `backtester:results:${runId}:${fp.slice(0, 16)}`,
  /** A live worker (JSON, expires unless refreshed). */
  worker: (queue: string, id: string) => `backtester:worker:${queue}:${id}`,
  workerPattern: (queue: string) => `backtester:worker:${queue}:*`,
  /** Set while a coordinator runs: its absence after a reconnect means Redis restarted and lost the queue. */
  runMarker: (runId: string, nonce: string) => `backtester:run:${runId}:${nonce}`,
  /** BullMQ's own meta key of a queue (exists once the queue was used). */
  bullMeta: (queue: string) => `${BULL_PREFIX}:${queue}:meta`,
};

/** Checks a queue name (BullMQ refuses `:`); returns it. */
export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(name)) throw new Error(`bad queue name ${JSON.stringify(name)}`);
  return name;
}
