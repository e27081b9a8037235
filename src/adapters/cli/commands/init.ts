import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { OutputError } from '../../../base/errors.js';

/** What `backtester init` copies out of the installed package: source (package-relative) → name. */
export const INIT_FILES: readonly { readonly from: string; readonly to: string; readonly what: string }[] = [
  { from: 'examples/strategies/rsi-reversion.ts', to: 'rsi-reversion.ts', what: 'an example strategy file (RSI mean reversion with a trend filter)' },
  { from: 'config/strategy_params/dma_atr_trend_params.json', to: 'dma_atr_trend_params.json', what: "the built-in strategy's configuration, with optimization ranges" },
];

/** The installed package's root folder (three levels above dist/adapters/cli/commands/). */
function packageRoot(): string {
  return fileURLToPath(new URL('../../../../', import.meta.url));
}

/**
 * Copies the example strategy and the default configuration into `dir`, never over an existing
 * file (the copy is exclusive: an existing file stops the command with exit 5 and is left as it was).
 */
export async function initProject(dir: string, out: NodeJS.WritableStream = process.stdout): Promise<string[]> {
  const target = resolve(dir);
  await mkdir(target, { recursive: true });
  const written: string[] = [];
  for (const f of INIT_FILES) {
    const dest = join(target, f.to);
    try {
      await copyFile(join(packageRoot(), f.from), dest, constants.COPYFILE_EXCL);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        throw new OutputError(`${dest} already exists; backtester init never overwrites a file.`, {
          hint: `Move or rename it, or run init in another folder (backtester init my-project).${written.length ? ` Already copied: ${written.join(', ')}.` : ''}`,
        });
      }
      throw new OutputError(`Cannot write ${dest}: ${(e as Error).message}`, { cause: e });
    }
    written.push(f.to);
    out.write(`  wrote ${dest}: ${f.what}\n`);
  }
  const rel = dir === '.' ? '' : `${dir.replace(/\/$/, '')}/`;
  out.write(`\nNext:\n  npx backtester --exchange sample --symbols BTC/USDT --timeframe 1h --start 2023-01-01 --end 2024-01-01 \\\n`
    + `    --strategy ${rel}rsi-reversion.ts --output results/rsi\n`
    + `  npx backtester --exchange sample --symbols BTC/USDT --timeframe 1h --start 2023-01-01 --end 2024-01-01 \\\n`
    + `    --config ${rel}dma_atr_trend_params.json --optimize --metric sharpe_ratio --output results/optimization\n`);
  return written;
}

/** `backtester init [dir]`: a starting point for a project of one's own. */
export function registerInitCommand(program: Command): Command {
  return program.command('init')
    .description('copy an example strategy file and the default configuration into a folder (default: the current one), to edit and run')
    .argument('[dir]', 'target folder (created if missing)', '.')
    .action(async (dir: string) => {
      await initProject(dir);
    });
}
