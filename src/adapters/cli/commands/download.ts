import { Option, type Command } from 'commander';
import { DataError, UsageError } from '../../../base/errors.js';
import { formatIsoUtc } from '../../../domain/frame/dates.js';
import { TIMEFRAMES } from '../../../domain/frame/timeframe.js';
import { ccxtOptionsFromEnv } from '../../api/data-sources.js';
import { parseRange, parseSymbolList, parseTimeframe } from '../../api/market-data.js';
import { downloadData } from '../../data/ccxt/download.js';
import { ProgressBar } from '../progress-bar.js';
import type { DataCommandDeps } from './data-command-deps.js';
import { formatCount } from '../../../base/format-count.js';

interface DownloadOptions {
  symbols: string;
  timeframe: string;
  start: string;
  end?: string;
  exchange: string;
  market: 'spot' | 'swap';
  cacheDir?: string;
  funding?: boolean;
}

const int = formatCount;

/**
 * `backtester download --symbols ... --timeframe ... --start ... [--end ...]`: fills the candle
 * cache ahead of time, with a progress bar per symbol, and prints what is cached where.
 */
export function registerDownloadCommand(program: Command, deps: DataCommandDeps = {}): Command {
  return program.command('download')
    .description('download exchange candles into the cache ahead of time (later runs then need no network)')
    .requiredOption('--symbols <list>', 'symbols, comma-separated, e.g. "BTC/USDT,ETH/USDT"')
    .addOption(new Option('--timeframe <tf>', `bar size: ${TIMEFRAMES.join(', ')}`).default('1d'))
    .requiredOption('--start <date>', 'first day, YYYY-MM-DD (UTC, inclusive)')
    .option('--end <date>', 'end day, YYYY-MM-DD (UTC, exclusive); default: up to the last closed candle')
    .option('--exchange <id>', 'a ccxt exchange id', 'binance')
    .addOption(new Option('--market <type>', 'market type').choices(['spot', 'swap']).default('spot'))
    .option('--cache-dir <dir>', 'cache folder (default: $BACKTESTER_CACHE_DIR, $XDG_CACHE_HOME/backtester or ~/.cache/backtester)')
    .option('--funding', 'with --market swap: also download the funding-rate history (docs/futures.md)')
    .action(async (o: DownloadOptions) => {
      const exchange = o.exchange.trim().toLowerCase();
      if (exchange === 'sample' || exchange === 'csv') {
        throw new UsageError(`--exchange ${exchange} needs no download.`, { hint: 'download fills the cache of a ccxt exchange such as binance.' });
      }
      const env = deps.env ?? process.env;
      const out = deps.stdout ?? process.stdout;
      const { start, end } = parseRange(o.start, o.end);
      const result = await downloadData({
        exchange, market: o.market, symbols: parseSymbolList(o.symbols), timeframe: parseTimeframe(o.timeframe),
        start: start as number, end, cacheDir: o.cacheDir, logger: deps.logger, now: deps.now, retry: deps.retry,
        progress: deps.progress ?? new ProgressBar({ stream: deps.stderr ?? process.stderr, env }),
        exchangeOverrides: deps.exchangeOverrides ?? ccxtOptionsFromEnv(env), funding: o.funding === true,
      });
      for (const d of result.downloaded) {
        const got = d.fetched > 0 ? `${int(d.fetched)} downloaded` : 'already cached';
        out.write(`${d.symbol} ${d.timeframe}: ${int(d.candles)} candles ${formatIsoUtc(d.first)} → ${formatIsoUtc(d.last)} (${got}) in ${d.file}\n`);
      }
      for (const f of result.funding) {
        out.write(`${f.symbol} funding: ${int(f.rates)} funding rates (${f.requests > 0 ? `${int(f.requests)} request(s)` : 'already cached'})${f.file ? ` in ${f.file}` : ''}\n`);
      }
      for (const s of result.skipped) out.write(`${s.symbol}: skipped, ${s.reason}\n`);
      if (result.downloaded.length === 0) {
        throw new DataError('SYMBOL_UNKNOWN', `Nothing downloaded: ${result.skipped.map((s) => `${s.symbol} (${s.reason})`).join('; ')}.`, {
          hint: 'Check the symbols and dates; `backtester symbols` lists the most traded symbols.',
        });
      }
    });
}
