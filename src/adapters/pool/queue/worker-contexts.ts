import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { StrategyError } from '../../../base/errors.js';
import type { ParamSpace } from '../../../domain/params/param-space.js';
import { findBuiltinRuntime } from '../../../domain/strategies/builtin-runtimes.js';
import type { StrategyRuntime } from '../../../domain/strategies/strategy.js';
import { sharedFloat64, sharedFrame, type StrategySource, type SymbolJob } from '../../../orchestration/optimize/job.js';
import { precomputeIndicators } from '../../../orchestration/optimize/precompute.js';
import { loadStrategyFile } from '../../strategy/load-strategy-file.js';
import { REFUSED } from './chunk-failure.js';
import { refusal, sha256, type ChunkContext, type ChunkJobData } from './chunk-protocol.js';
import { decodeFrame } from './frame-codec.js';
import { keys } from './queue-keys.js';

/** A worker-side symbol job without positions: chunks add their own `order` and `rows`. */
export type JobBase = Omit<SymbolJob, 'order' | 'rows'>;

/** A chunk the worker will not run (BullMQ then fails it without retrying, and the coordinator says why). */
export class RefusedError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }

  get reason(): string {
    return `${REFUSED}: ${this.message}${this.hint ? ` (hint: ${this.hint})` : ''}`;
  }
}

/**
 * The worker's cache of contexts by address: frame decoded into shared memory, strategy resolved
 * (a user file fetched by hash, checked, written to the worker's folder), indicators precomputed
 * once, exactly as the coordinator would have. Keeps the last few (a run uses one per symbol).
 */
export class WorkerContexts {
  private readonly byKey = new Map<string, Promise<JobBase>>();

  constructor(private readonly redis: Redis, private readonly dir: string, private readonly allowFiles: boolean, private readonly keep = 8) {}

  /** The job base of a chunk, or a RefusedError (other version, unverifiable or disallowed strategy file). */
  get(d: ChunkJobData): Promise<JobBase> {
    const why = refusal(d);
    if (why !== null) return Promise.reject(new RefusedError(why, 'Install the same backtester version on the coordinator and every worker.'));
    if (d.strategySha !== null && !this.allowFiles) {
      return Promise.reject(new RefusedError(`the chunk runs a user strategy file (sha256 ${d.strategySha.slice(0, 12)}…) and this worker was started without --allow-strategy-files`,
        'Start the worker with --allow-strategy-files if you trust everyone who can write to this Redis (see the security note in docs/distributed.md).'));
    }
    let c = this.byKey.get(d.context);
    if (c === undefined) {
      c = this.build(d);
      this.byKey.set(d.context, c);
      c.catch(() => this.byKey.delete(d.context));
      while (this.byKey.size > this.keep) this.byKey.delete(this.byKey.keys().next().value as string);
    }
    return c;
  }

  private async build(d: ChunkJobData): Promise<JobBase> {
    const text = await this.redis.get(keys.context(d.context));
    if (text === null || sha256(text) !== d.context) throw new RefusedError(`the chunk's context ${d.context.slice(0, 12)} is missing or altered in Redis`);
    const ctx = JSON.parse(text) as ChunkContext;
    const why = refusal(ctx);
    if (why !== null) throw new RefusedError(why);
    const buf = await this.redis.getBuffer(keys.frame(ctx.frame));
    if (buf === null) throw new RefusedError(`frame ${ctx.frame.slice(0, 12)} is missing in Redis (expired?)`);
    const frame = sharedFrame(decodeFrame(buf));
    const { source, def } = await this.strategy(ctx, d.strategySha);
    const space = ctx.space as ParamSpace<any>;
    const indicators = precomputeIndicators(frame, def, space, ctx.portfolio.market);
    // CSCV: the bounds are shared; each chunk brings its own sums (see the worker).
    const blocks = ctx.blocks ? { bounds: sharedFloat64(ctx.blocks.length, ctx.blocks), sums: sharedFloat64(0) } : undefined;
    return { id: `q-${d.context}`, frame, strategy: source, space, portfolio: ctx.portfolio, indicators, generic: ctx.generic, simOnly: ctx.simOnly, blocks };
  }

  private async strategy(ctx: ChunkContext, sha: string | null): Promise<{ source: StrategySource; def: StrategyRuntime<any> }> {
    const s = ctx.strategy;
    if (s.kind === 'builtin') {
      const def = findBuiltinRuntime(s.id);
      if (!def) throw new StrategyError('STRATEGY_UNKNOWN', `This worker has no built-in strategy "${s.id}".`);
      return { source: { kind: 'builtin', id: s.id }, def };
    }
    if (sha !== s.sha256) throw new RefusedError('the chunk and its context name different strategy files');
    const text = await this.redis.getBuffer(keys.strategy(s.sha256));
    if (text === null) throw new RefusedError(`strategy file ${s.name} (sha256 ${s.sha256.slice(0, 12)}…) is missing in Redis`);
    if (sha256(text) !== s.sha256) throw new RefusedError(`strategy file ${s.name} in Redis does not match its sha256 ${s.sha256.slice(0, 12)}…`);
    const folder = join(this.dir, s.sha256);
    await mkdir(folder, { recursive: true });
    const path = join(folder, s.name.replace(/[^A-Za-z0-9._-]/g, '_'));
    await writeFile(path, text);
    return { source: { kind: 'file', path }, def: await loadStrategyFile(path) };
  }
}
