import type { Command } from 'commander';

/** The flags `--queue [url]` and `--queue-name <name>` read by `queueSettings`. */
export interface QueueOptions {
  queue?: string | true;
  queueName?: string;
}

/** Adds `--queue [url]` and `--queue-name` to a validation command (walk-forward, cscv); see docs/distributed.md. */
export function addQueueOptions(cmd: Command, what: string): Command {
  return cmd
    .option('--queue [url]', `evaluate ${what} on \`backtester worker\` processes through Redis (redis://HOST:PORT, rediss:// for TLS; default $BACKTESTER_REDIS_URL); see docs/distributed.md`)
    .option('--queue-name <name>', 'with --queue: the queue (default backtester-chunks)');
}
