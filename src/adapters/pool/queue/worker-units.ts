import type { Redis } from 'ioredis';
import { refusal, sha256, type UnitJobData } from './chunk-protocol.js';
import { keys } from './queue-keys.js';
import { decodeUnitInput, type UnitInput } from './unit-codec.js';
import { RefusedError } from './worker-contexts.js';

/**
 * The worker's cache of validation unit inputs by address: fetched from Redis, checked against
 * their sha256 and decoded into shared memory once, then used by every unit job of that input
 * (a CSCV run's split ranges share one input; a Monte Carlo run has one per method).
 */
export class WorkerUnits {
  private readonly byKey = new Map<string, Promise<UnitInput>>();

  constructor(private readonly redis: Redis, private readonly keep = 8) {}

  /** The decoded input of a unit job, or a RefusedError (another version, input missing or altered). */
  get(d: UnitJobData): Promise<UnitInput> {
    const why = refusal(d);
    if (why !== null) return Promise.reject(new RefusedError(why, 'Install the same backtester version on the coordinator and every worker.'));
    let c = this.byKey.get(d.input);
    if (c === undefined) {
      c = this.fetch(d.input);
      this.byKey.set(d.input, c);
      c.catch(() => this.byKey.delete(d.input));
      while (this.byKey.size > this.keep) this.byKey.delete(this.byKey.keys().next().value as string);
    }
    return c;
  }

  private async fetch(input: string): Promise<UnitInput> {
    const buf = await this.redis.getBuffer(keys.unit(input));
    if (buf === null || sha256(buf) !== input) throw new RefusedError(`the unit's input ${input.slice(0, 12)} is missing or altered in Redis (expired?)`);
    return decodeUnitInput(buf);
  }
}
