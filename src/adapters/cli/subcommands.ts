import type { Command } from 'commander';
import { registerDownloadCommand } from './commands/download.js';
import { registerSymbolsCommand } from './commands/symbols.js';
import { registerValidationCommands } from './commands/validation-commands.js';

/** Console settings the subcommands share with the main command. */
export type ConsoleSettings = () => { rich: boolean; debug: boolean };

/** Registers `download` (fill the candle cache) and `symbols` (most traded symbols) on the program. */
export function registerSubcommands(program: Command, _console: ConsoleSettings, argv: readonly string[] = []): void {
  registerDownloadCommand(program);
  registerSymbolsCommand(program);
  registerValidationCommands(program, argv);
}
