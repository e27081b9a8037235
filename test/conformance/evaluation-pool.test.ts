/** The TaskPool conformance suite against this thread, piscina worker threads, both together and BullMQ queue workers (a real redis-server). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { PiscinaPool } from '../../src/adapters/pool/piscina-pool.js';
import { QueuePool } from '../../src/adapters/pool/queue/queue-pool.js';
import { startQueueWorker, type RunningWorker } from '../../src/adapters/pool/queue/queue-worker.js';
import { parseRedisUrl } from '../../src/adapters/pool/queue/redis-url.js';
import { loadStrategyFile } from '../../src/adapters/strategy/load-strategy-file.js';
import { InProcessPool, resolveBuiltinOrInline } from '../../src/orchestration/optimize/in-process-pool.js';
import type { EvaluationPool } from '../../src/orchestration/optimize/job.js';
import { JoinedPool } from '../../src/orchestration/optimize/joined-pool.js';
import { hasRedis, NO_REDIS, startRedis, type TestRedis } from '../support/redis-server.js';
import { evaluationPoolConformance } from './evaluation-pool.js';

const dir = mkdtempSync(join(tmpdir(), 'bt-pool-conf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('InProcessPool', () => {
  const pool = new InProcessPool(async (s) => (s.kind === 'file' ? loadStrategyFile(s.path) : resolveBuiltinOrInline(s)));
  evaluationPoolConformance(() => pool, () => dir);
});

describe('PiscinaPool (2 threads)', () => {
  let pool: EvaluationPool;
  beforeAll(() => {
    pool = new PiscinaPool(2);
  });
  afterAll(() => pool.close());
  evaluationPoolConformance(() => pool, () => dir);
});

describe('JoinedPool (this thread and 1 worker thread with a chunk queued)', () => {
  let pool: EvaluationPool;
  beforeAll(() => {
    pool = new JoinedPool(new PiscinaPool(1, undefined, { queued: true }), new InProcessPool(async (s) => (s.kind === 'file' ? loadStrategyFile(s.path) : resolveBuiltinOrInline(s))));
  });
  afterAll(() => pool.close());
  evaluationPoolConformance(() => pool, () => dir);
});

describe.skipIf(!hasRedis)(`QueuePool (BullMQ on a private redis-server, 2 queue workers)${hasRedis ? '' : ` — ${NO_REDIS}`}`, () => {
  let redis: TestRedis;
  let pool: QueuePool;
  const workers: RunningWorker[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    const target = parseRedisUrl(redis.url);
    for (let i = 0; i < 2; i++) {
      workers.push(await startQueueWorker({ target, queueName: 'conformance', threads: 1, lockDurationMs: 30_000, allowStrategyFiles: true, log: () => {}, dir: join(dir, `w${i}`) }));
    }
    pool = await QueuePool.open({ target, queueName: 'conformance', runId: `conformance${process.pid}`, log: { debug() {}, note() {}, warn() {} }, onLost: () => {} });
  });
  afterAll(async () => {
    await pool?.close();
    for (const w of workers) await w.close();
    await redis?.stop();
  });
  evaluationPoolConformance(() => pool, () => dir);
});
