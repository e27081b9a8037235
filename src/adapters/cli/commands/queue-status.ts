import { InvalidArgumentError, type Command } from 'commander';
import { checkQueueName, DEFAULT_QUEUE_NAME } from '../../pool/queue/queue-keys.js';
import { parseRedisUrl } from '../../pool/queue/redis-url.js';

/** Commander parser of `--queue-name`. */
export function queueNameOption(v: string): string {
  try {
    return checkQueueName(v);
  } catch {
    throw new InvalidArgumentError(`--queue-name takes letters, digits, ".", "_" or "-" (no ":"), got "${v}".`);
  }
}

/** `backtester queue status --redis URL`: queued, active and failed chunks and the live workers. */
export function registerQueueCommand(program: Command, out: { write(s: string): unknown } = process.stdout): Command {
  const queue = program.command('queue').description('inspect the distributed optimization queue (docs/distributed.md)');
  queue.command('status')
    .description('list queued, active and failed chunks and the connected workers')
    .option('--redis <url>', 'redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://… (TLS); default $BACKTESTER_REDIS_URL')
    .option('--queue-name <name>', 'queue to inspect', queueNameOption, DEFAULT_QUEUE_NAME)
    .action(async (o: { redis?: string; queueName: string }) => {
      const target = parseRedisUrl(o.redis);
      const { formatQueueStatus, queueStatus } = await import('../../pool/queue/queue-status.js');
      out.write(formatQueueStatus(await queueStatus(target, o.queueName), target.display));
    });
  return queue;
}
