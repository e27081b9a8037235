import type { Command } from 'commander';
import { registerDownloadCommand } from './commands/download.js';
import { registerInitCommand } from './commands/init.js';
import { registerSymbolsCommand } from './commands/symbols.js';

/** Console settings the subcommands share with the main command. */
export type ConsoleSettings = () => { rich: boolean; debug: boolean };

/** Registers `download` (fill the candle cache), `symbols` (most traded symbols) and `init` (copy an example) on the program. */
export function registerSubcommands(program: Command, _console: ConsoleSettings): void {
  registerDownloadCommand(program);
  registerSymbolsCommand(program);
  registerInitCommand(program);
}
