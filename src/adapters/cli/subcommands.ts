import type { Command } from 'commander';
import { registerDownloadCommand } from './commands/download.js';
import { registerQueueCommand } from './commands/queue-status.js';
import { registerInitCommand } from './commands/init.js';
import { registerSymbolsCommand } from './commands/symbols.js';
import { registerValidationCommands } from './commands/validation-commands.js';
import { registerWorkerCommand } from './commands/worker.js';

/** Console settings the subcommands share with the main command. */
export type ConsoleSettings = () => { rich: boolean; debug: boolean };

/**
 * Registers `download` (fill the candle cache), `symbols` (most traded symbols), the validation
 * commands, `worker` and `queue status` (distributed optimization), and `init` (copy an example).
 */
export function registerSubcommands(program: Command, _console: ConsoleSettings, argv: readonly string[] = []): void {
  registerDownloadCommand(program);
  registerSymbolsCommand(program);
  registerValidationCommands(program, argv);
  registerWorkerCommand(program);
  registerQueueCommand(program);
  registerInitCommand(program);
}
