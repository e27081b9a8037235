import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ParamValue } from '../../../domain/params/param-space.js';
import type { PortfolioSpec } from '../../../domain/portfolio/spec.js';

/**
 * Bumped when the job shape changes; a worker refuses other protocols like other versions.
 * 2: CSCV block sums. 3: validation units (`unit` jobs), frames with funding and other symbols' frames.
 */
export const PROTOCOL = 3;

/** This package's version (package.json), carried by every chunk so workers of another version refuse it. */
export const PACKAGE_VERSION: string = (() => {
  try {
    // The same relative path from src/adapters/pool/queue and dist/adapters/pool/queue.
    return (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/** How a worker finds the strategy: a built-in by id, or a user file by the sha256 of its text. */
export type StrategyRef =
  | { readonly kind: 'builtin'; readonly id: string }
  | { readonly kind: 'file'; readonly name: string; readonly sha256: string };

/**
 * What every chunk of one symbol job shares, stored once as JSON under its own sha256: the frame
 * (by address), the strategy, the parameter space and the portfolio. A walk-forward fold is its
 * train slice uploaded as its own frame; a CSCV run adds its block boundaries.
 */
export interface ChunkContext {
  readonly protocol: number;
  readonly version: string;
  readonly frame: string;
  readonly strategy: StrategyRef;
  readonly space: { readonly keys: readonly string[]; readonly values: readonly (readonly ParamValue[])[]; readonly size: number; readonly base: object };
  readonly portfolio: PortfolioSpec;
  readonly generic?: boolean;
  readonly simOnly?: boolean;
  /** CSCV (protocol 2): the S+1 block boundaries; each chunk then also stores its positions' per-block return sums. */
  readonly blocks?: readonly number[];
}

/** One BullMQ job: evaluate `grid` (grid indices of positions start..end) of a context. */
export interface ChunkJobData {
  /** Package version and protocol of the coordinator: a worker of another version refuses the chunk. */
  readonly version: string;
  readonly protocol: number;
  /** sha256 of the strategy file (null for a built-in): checked against the text the worker fetches. */
  readonly strategySha: string | null;
  readonly context: string;
  /** The Redis hash the worker writes the rows to, field `start-end`. */
  readonly results: string;
  readonly start: number;
  readonly end: number;
  readonly grid: readonly number[];
  /** Symbol, for logs and dashboards. */
  readonly symbol: string;
}

/**
 * One BullMQ job named `unit` (protocol 3): a validation unit (CSCV splits, Monte Carlo paths)
 * [first, end) over the inputs stored under `backtester:unit:<input>` (unit-codec.ts).
 */
export interface UnitJobData {
  readonly version: string;
  readonly protocol: number;
  /** sha256 of the unit's input bytes (kind, parameters and arrays). */
  readonly input: string;
  /** The Redis hash the worker writes the results to, field `first-end`. */
  readonly results: string;
  readonly first: number;
  readonly end: number;
  /** What it is, for logs and dashboards (`CSCV splits 0–3218`). */
  readonly label: string;
}

/** What a finished chunk returns (the rows themselves go to the results hash); a unit counts no combinations. */
export interface ChunkJobResult {
  readonly worker: string;
  readonly combinations: number;
  readonly ms: number;
  /** A `unit` job: the splits or paths it computed. */
  readonly units?: number;
}

/** Chunk results field of positions [start, end). */
export const resultField = (start: number, end: number) => `${start}-${end}`;

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Why a worker will not run a chunk, or null when it will. The message names both sides so the
 * user knows which machine to upgrade.
 */
export function refusal(d: Pick<ChunkJobData, 'version' | 'protocol'>, worker = { version: PACKAGE_VERSION, protocol: PROTOCOL }): string | null {
  if (d.version !== worker.version || d.protocol !== worker.protocol) {
    return `this worker runs backtester ${worker.version} (protocol ${worker.protocol}) but the chunk was queued by backtester ${d.version} (protocol ${d.protocol}); run the same version on the coordinator and every worker`;
  }
  return null;
}
