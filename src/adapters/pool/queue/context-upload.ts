import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Redis } from 'ioredis';
import type { SymbolJob } from '../../../orchestration/optimize/job.js';
import { PACKAGE_VERSION, PROTOCOL, sha256, type ChunkContext, type StrategyRef } from './chunk-protocol.js';
import { encodeFrame, frameAddress } from './frame-codec.js';
import { DATA_TTL_SECONDS, keys } from './queue-keys.js';
import { formatCount } from '../../../base/format-count.js';

/** Where the chunks of one symbol job point: its context address, the run's results hash for it, the strategy file's hash. */
export interface ContextRef {
  readonly key: string;
  readonly results: string;
  readonly strategySha: string | null;
}

/**
 * Uploads what every chunk of `job` shares, each piece content-addressed so it is stored once:
 * the frame (unless already there: then only its expiry is refreshed), a strategy file's text,
 * and the context (strategy, space, portfolio, CSCV block bounds) under the sha256 of its JSON.
 */
export async function uploadContext(redis: Redis, job: SymbolJob, runId: string, debug: (m: string) => void): Promise<ContextRef> {
  const fp = frameAddress(job.frame);
  if ((await redis.expire(keys.frame(fp), DATA_TTL_SECONDS)) === 0) {
    await redis.set(keys.frame(fp), encodeFrame(job.frame), 'EX', DATA_TTL_SECONDS);
    debug(`Uploaded ${job.frame.symbol} (${formatCount(job.frame.length)} bars) as frame ${fp.slice(0, 12)}`);
  }
  let strategy: StrategyRef;
  const s = job.strategy;
  if (s.kind === 'file') {
    const text = await readFile(s.path);
    const sha = sha256(text);
    await redis.set(keys.strategy(sha), text, 'EX', DATA_TTL_SECONDS);
    strategy = { kind: 'file', name: basename(s.path), sha256: sha };
  } else if (s.kind === 'builtin') {
    strategy = { kind: 'builtin', id: s.id };
  } else {
    throw new Error('a strategy object cannot be sent to queue workers: pass a strategy file path');
  }
  if (job.portfolioLegs !== undefined) throw new Error('portfolio optimizations (one account over several symbols) cannot be sent to queue workers');
  const sp = job.space;
  const ctx: ChunkContext = {
    protocol: PROTOCOL, version: PACKAGE_VERSION, frame: fp, strategy, portfolio: job.portfolio,
    space: { keys: sp.keys, values: sp.values, size: sp.size, base: sp.base }, generic: job.generic, simOnly: job.simOnly,
    ...(job.blocks && { blocks: Array.from(job.blocks.bounds) }),
  };
  const text = JSON.stringify(ctx);
  const key = sha256(text);
  await redis.set(keys.context(key), text, 'EX', DATA_TTL_SECONDS);
  const results = keys.results(runId, key);
  await redis.expire(results, DATA_TTL_SECONDS);
  return { key, results, strategySha: strategy.kind === 'file' ? strategy.sha256 : null };
}

/**
 * Stores a validation unit's input bytes under their sha256 (`input`) unless already there (then
 * only the expiry is refreshed); returns the run's results hash for them.
 */
export async function uploadUnitInput(redis: Redis, input: string, bytes: Buffer, runId: string): Promise<string> {
  if ((await redis.expire(keys.unit(input), DATA_TTL_SECONDS)) === 0) await redis.set(keys.unit(input), bytes, 'EX', DATA_TTL_SECONDS);
  const results = keys.results(runId, input);
  await redis.expire(results, DATA_TTL_SECONDS);
  return results;
}
