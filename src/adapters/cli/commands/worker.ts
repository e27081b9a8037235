import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_QUEUE_NAME } from '../../pool/queue/queue-keys.js';
import { parseRedisUrl } from '../../pool/queue/redis-url.js';
import { queueNameOption } from './queue-status.js';

interface WorkerOptions {
  redis?: string;
  queueName: string;
  workers?: number;
  lockDuration: number;
  allowStrategyFiles: boolean;
  debug: boolean;
}

function whole(flag: string, min: number) {
  return (v: string) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < min) throw new InvalidArgumentError(`${flag} takes a whole number >= ${min}, got "${v}".`);
    return x;
  };
}

/**
 * `backtester worker --redis redis://HOST:PORT`: a long-running worker for distributed
 * optimizations (docs/distributed.md). Runs until SIGINT/SIGTERM, then finishes its chunk.
 */
export function registerWorkerCommand(program: Command, out: { write(s: string): unknown } = process.stdout): Command {
  return program.command('worker')
    .description('evaluate optimization chunks from a Redis queue (BullMQ) with this machine\'s threads; start one per machine')
    .option('--redis <url>', 'redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://… (TLS); default $BACKTESTER_REDIS_URL')
    .option('--queue-name <name>', 'queue to take chunks from', queueNameOption, DEFAULT_QUEUE_NAME)
    .option('--workers <n>', 'threads evaluating each chunk (default: all cores)', whole('--workers', 1))
    .option('--lock-duration <ms>', 'a chunk whose worker is silent this long is given to another worker', whole('--lock-duration', 1000), 30_000)
    .option('--allow-strategy-files', 'run user strategy files sent through the queue (they are code: only with a trusted Redis)', false)
    .option('--debug', 'log every chunk', false)
    .action(async (o: WorkerOptions) => {
      const { defaultWorkers } = await import('../../pool/piscina-pool.js');
      const target = parseRedisUrl(o.redis);
      const log = (level: 'info' | 'warn' | 'debug', m: string) => {
        if (level === 'debug' && !o.debug) return;
        out.write(`${new Date().toISOString()} [${level}] ${m}\n`);
      };
      // BullMQ and ioredis load only for this command, not on every CLI start.
      const { startQueueWorker } = await import('../../pool/queue/queue-worker.js');
      const w = await startQueueWorker({
        target, queueName: o.queueName, threads: o.workers ?? defaultWorkers(), lockDurationMs: o.lockDuration,
        allowStrategyFiles: o.allowStrategyFiles, log,
      });
      await new Promise<void>((resolve) => {
        const stop = (sig: string) => {
          log('info', `${sig}: finishing the current chunk, then stopping (again to quit at once).`);
          process.once(sig, () => process.exit(130));
          resolve();
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      await w.close();
      log('info', `Worker ${w.id} stopped.`);
    });
}
