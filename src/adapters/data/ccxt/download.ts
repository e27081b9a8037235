import { DataError, UsageError } from '../../../base/errors.js';
import { formatIssues } from '../../../base/result.js';
import { parseDate } from '../../../domain/frame/dates.js';
import { parseSymbol } from '../../../domain/frame/symbols.js';
import type { Timeframe } from '../../../domain/frame/timeframe.js';
import type { Logger, Progress } from '../../../orchestration/ports.js';
import { CcxtSource } from './ccxt-source.js';
import type { MarketType } from './market-type.js';
import type { RetryPolicy } from './retry.js';

export interface DownloadRequest {
  /** A ccxt exchange id; default `binance`. */
  readonly exchange?: string;
  readonly market?: MarketType;
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  /** `YYYY-MM-DD` / ISO-8601 (UTC) or epoch ms; inclusive. */
  readonly start: string | number;
  /** Exclusive; default: up to the last closed candle. */
  readonly end?: string | number;
  /** Default: `defaultCacheDir()`. */
  readonly cacheDir?: string;
  /** Drawn per symbol (one start/finish each). */
  readonly progress?: Progress;
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly exchangeOverrides?: Record<string, unknown>;
  readonly retry?: Partial<RetryPolicy>;
  readonly signal?: AbortSignal;
  /** Swap: also fill the funding cache for the range (docs/futures.md). */
  readonly funding?: boolean;
}

/** Funding history cached for one symbol by `download --funding`. */
export interface DownloadedFunding {
  readonly symbol: string;
  /** Funding times now cached in the range, and requests made by this call (0: already cached). */
  readonly rates: number;
  readonly requests: number;
  readonly file: string | undefined;
}

export interface DownloadedSymbol {
  readonly symbol: string;
  /** The timeframe stored: the requested one, or the one it is resampled from when the exchange lacks it. */
  readonly timeframe: Timeframe;
  /** Candles now in the cache for the range. */
  readonly candles: number;
  /** Candles downloaded by this call (0 when the cache already had them). */
  readonly fetched: number;
  readonly first: number;
  readonly last: number;
  readonly file: string | undefined;
}

export interface DownloadResult {
  readonly cacheDir: string;
  readonly downloaded: DownloadedSymbol[];
  readonly skipped: { symbol: string; reason: string }[];
  readonly funding: DownloadedFunding[];
}

function toMs(v: string | number | undefined, flag: string): number | undefined {
  if (v === undefined || typeof v === 'number') return v;
  const r = parseDate(v);
  if (!r.ok) throw new UsageError(`Bad ${flag} date "${v}": ${formatIssues(r.issues)}.`, { hint: 'Dates are YYYY-MM-DD (UTC).' });
  return r.value;
}

/**
 * Fills the cache ahead of time (like freqtrade's download-data): validates the symbols, then
 * downloads each valid one's missing candles in [start, end), one progress bar per symbol.
 * Symbols that are unknown, inactive or have no candles in the range are skipped with a reason;
 * a network failure stops the whole download (what was stored so far stays cached).
 */
export async function downloadData(req: DownloadRequest): Promise<DownloadResult> {
  const start = toMs(req.start, '--start');
  const end = toMs(req.end, '--end');
  const source = new CcxtSource({
    exchangeId: req.exchange ?? 'binance', market: req.market ?? 'spot', cache: { enabled: true, dir: req.cacheDir },
    logger: req.logger, now: req.now, exchangeOverrides: req.exchangeOverrides, retry: req.retry,
  });
  const skipped: { symbol: string; reason: string }[] = [];
  const symbols: string[] = [];
  for (const s of req.symbols) {
    const p = parseSymbol(s);
    if (!p.ok) skipped.push({ symbol: s, reason: formatIssues(p.issues) });
    else if (!symbols.includes(p.value)) symbols.push(p.value);
  }
  const check = symbols.length ? await source.validateSymbols(symbols, req.timeframe) : { valid: [], invalid: [] };
  skipped.push(...check.invalid);
  const downloaded: DownloadedSymbol[] = [];
  const funding: DownloadedFunding[] = [];
  if (req.funding && (req.market ?? 'spot') !== 'swap') throw new UsageError('--funding needs --market swap (funding is paid on perpetual futures).');
  for (const symbol of check.valid) {
    try {
      const r = await source.download(symbol, req.timeframe, start, end, { progress: req.progress, signal: req.signal });
      if (r.candles === 0) skipped.push({ symbol, reason: 'no candles in the requested range' });
      else downloaded.push({ symbol, ...r });
      if (req.funding && r.candles > 0) {
        const f = await source.downloadFunding(symbol, start ?? r.first, end ?? (req.now ?? Date.now)(), req.signal);
        funding.push({ symbol, rates: f?.series.time.length ?? 0, requests: f?.pages ?? 0, file: f?.file });
      }
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      skipped.push({ symbol, reason: e.userMessage() });
    }
  }
  return { cacheDir: source.cacheDir, downloaded, skipped, funding };
}
