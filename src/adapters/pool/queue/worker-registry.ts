import type { Redis } from 'ioredis';
import { keys } from './queue-keys.js';

/** What a worker says about itself every few seconds (key expires when it stops). */
export interface WorkerInfo {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly threads: number;
  readonly version: string;
  readonly started: string;
  readonly chunks: number;
  readonly combinations: number;
}

/** The workers alive on a queue (bounded SCAN: at most 100 rounds). */
export async function liveWorkers(redis: Redis, queue: string): Promise<WorkerInfo[]> {
  const found: string[] = [];
  let cursor = '0';
  for (let round = 0; round < 100; round++) {
    const [next, batch] = await redis.scan(cursor, 'MATCH', keys.workerPattern(queue), 'COUNT', 500);
    found.push(...batch);
    cursor = next;
    if (cursor === '0') break;
  }
  if (found.length === 0) return [];
  const values = await redis.mget(...found);
  return values.flatMap((v) => {
    try {
      return v ? [JSON.parse(v) as WorkerInfo] : [];
    } catch {
      return [];
    }
  }).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
