import type { Command } from 'commander';
import { registerDownloadCommand } from './commands/download.js';
import { registerQueueCommand } from './commands/queue-status.js';
import { registerSymbolsCommand } from './commands/symbols.js';
import { registerWorkerCommand } from './commands/worker.js';

/** Console settings the subcommands share with the main command. */
export type ConsoleSettings = () => { rich: boolean; debug: boolean };

/** Registers `download` (fill the candle cache), `symbols` (most traded symbols), `worker` and `queue status` (distributed optimization) on the program. */
export function registerSubcommands(program: Command, _console: ConsoleSettings): void {
  registerDownloadCommand(program);
  registerSymbolsCommand(program);
  registerWorkerCommand(program);
  registerQueueCommand(program);
}
