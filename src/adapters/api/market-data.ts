import { clip } from '../../base/clip.js';
import { performance } from 'node:perf_hooks';
import { DataError, UsageError } from '../../base/errors.js';
import { formatIssues } from '../../base/result.js';
import { formatIsoUtc, parseDate } from '../../domain/frame/dates.js';
import { parseSymbol } from '../../domain/frame/symbols.js';
import { isTimeframe, TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../../domain/frame/timeframe.js';
import { checkMemory } from './memory-budget.js';
import type { DataSource, LoadedFrame } from '../../orchestration/ports.js';
import type { RunObserver } from './observer.js';
import { qualitySummary } from './quality-summary.js';
import { attachFunding } from './funding-data.js';

/** Loaded bars for one or more symbols on one timeframe (the guide's `load_data()` result). */
export interface MarketData {
  readonly timeframe: Timeframe;
  /** Data source id: `sample`, `csv` or a ccxt exchange id. */
  readonly exchange: string;
  readonly market: 'spot' | 'swap';
  /** In the order the symbols were given. */
  readonly frames: ReadonlyMap<string, LoadedFrame>;
  /** Symbols that were not loaded, and why. */
  readonly skipped: readonly { readonly symbol: string; readonly reason: string }[];
  readonly start: number | undefined;
  readonly end: number | undefined;
  /** `--benchmark SYMBOL`: its bars from the same source, timeframe and range (single backtests). */
  readonly benchmark?: LoadedFrame;
}

export interface LoadRequest {
  readonly symbols: string | readonly string[];
  readonly timeframe: string;
  /** `YYYY-MM-DD` (UTC midnight, inclusive) or ISO-8601. */
  readonly start?: string;
  /** `YYYY-MM-DD` (UTC midnight, exclusive) or ISO-8601. */
  readonly end?: string;
}

/** Splits "BTC/USDT, eth/usdt" into normalised symbols; malformed ones are a UsageError. */
export function parseSymbolList(symbols: string | readonly string[]): string[] {
  const list = (typeof symbols === 'string' ? symbols.split(',') : [...symbols]).map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new UsageError('No symbols given.', { hint: 'Pass --symbols "BTC/USDT" (comma-separated for several).' });
  const out: string[] = [];
  for (const s of list) {
    const r = parseSymbol(s);
    if (!r.ok) throw new UsageError(`Bad symbol "${clip(s, 60)}": ${clip(formatIssues(r.issues))}.`, { hint: 'Symbols are BASE/QUOTE, e.g. BTC/USDT.' });
    if (!out.includes(r.value)) out.push(r.value);
  }
  return out;
}

export function parseTimeframe(tf: string): Timeframe {
  const t = tf.trim();
  if (isTimeframe(t)) return t;
  // The guide's "1H"/"1D" style; never "1M", which is one month on every exchange, not a minute.
  const lower = /^\d+[HD]$/.test(t) ? t.toLowerCase() : t;
  if (isTimeframe(lower)) return lower;
  if (/^\d+M$/.test(t)) {
    throw new UsageError(`Timeframe "${t}" means ${t === '1M' ? 'one month' : 'months'} (as on the exchanges); monthly bars are not supported.`, {
      hint: `Use 1w or 1d (minutes are lower case: 1m, 5m, …); supported: ${TIMEFRAMES.join(', ')}.`,
    });
  }
  throw new UsageError(`Unknown timeframe "${clip(tf)}".`, { hint: `Use one of: ${TIMEFRAMES.join(', ')} (upper case only for hours and days: 1H, 1D).` });
}

/** Parses --start/--end; end must come after start. */
export function parseRange(start?: string, end?: string): { start: number | undefined; end: number | undefined } {
  const one = (flag: string, s?: string) => {
    if (s === undefined || s === '') return undefined;
    const r = parseDate(s);
    if (!r.ok) throw new UsageError(`Bad ${flag} date "${s}": ${formatIssues(r.issues)}.`, { hint: 'Dates are YYYY-MM-DD (UTC), e.g. 2023-01-01.' });
    return r.value;
  };
  const a = one('--start', start);
  const b = one('--end', end);
  if (a !== undefined && b !== undefined && b <= a) {
    throw new UsageError(`--end (${formatIsoUtc(b)}) is not after --start (${formatIsoUtc(a)}).`, {
      hint: '--start is inclusive and --end exclusive: --start 2023-01-01 --end 2024-01-01 covers all of 2023.',
    });
  }
  return { start: a, end: b };
}

/**
 * Loads every symbol from `source`. Unknown symbols are skipped with a reason when others are
 * valid; if none is usable the run stops with the reasons.
 */
export async function loadMarketData(source: DataSource, req: LoadRequest, observer: RunObserver): Promise<MarketData> {
  const symbols = parseSymbolList(req.symbols);
  const timeframe = parseTimeframe(req.timeframe);
  const { start, end } = parseRange(req.start, req.end);
  // Before any download or read: the requested span (the sample market starts in 2015).
  const from = start ?? (source.id === 'sample' ? Date.UTC(2015, 0, 1) : undefined);
  if (from !== undefined) checkMemory(symbols.length, ((end ?? Date.now()) - from) / TIMEFRAME_MS[timeframe], timeframe);
  const skipped: { symbol: string; reason: string }[] = [];
  let valid = symbols;
  if (source.validateSymbols) {
    const v = await source.validateSymbols(symbols, timeframe);
    valid = symbols.filter((s) => v.valid.includes(s));
    skipped.push(...v.invalid);
  }
  if (valid.length === 0) {
    const listing = source.id === 'csv' || source.id === 'sample' ? '' : ' `backtester symbols` lists the most traded ones.';
    const message = skipped.length === 1 ? `${skipped[0].symbol}: ${skipped[0].reason}`
      : `None of the symbols can be loaded from ${source.id}: ${skipped.map((s) => `${s.symbol}: ${s.reason}`).join(' ')}`;
    throw new DataError('SYMBOL_UNKNOWN', message, { hint: listing.trim() || undefined });
  }
  for (const s of skipped) observer.warn(`Skipping ${s.symbol}: ${s.reason}`);
  const frames = new Map<string, LoadedFrame>();
  for (const symbol of valid) {
    const t0 = performance.now();
    const loaded = await source.load({ symbol, timeframe, start, end });
    const f = loaded.frame;
    const origin = f.origin.synthetic ? 'sample market: SYNTHETIC data' : f.origin.description;
    observer.step(`Data loaded: ${symbol} ${timeframe}, ${f.length.toLocaleString('en-US')} bars ${f.length ? `${formatIsoUtc(f.time[0])} → ${formatIsoUtc(f.time[f.length - 1])}` : ''} (${origin})`, (performance.now() - t0) / 1000);
    for (const n of loaded.notes) observer.debug(`${symbol}: ${n}`);
    for (const w of loaded.quality.warnings ?? []) observer.warn(`${symbol}: ${w}`);
    const q = qualitySummary(loaded.quality);
    if (q.clean) observer.debug(`${symbol}: ${q.line}`);
    else observer.warn(`${symbol}: ${q.line}`);
    frames.set(symbol, source.market === 'swap' ? await attachFunding(source, loaded, timeframe, observer) : loaded);
  }
  // Without a --start the size is known only now, still before the strategy runs.
  checkMemory(frames.size, Math.max(...[...frames.values()].map((l) => l.frame.length)), timeframe);
  return { timeframe, exchange: source.id, market: source.market, frames, skipped, start, end };
}

/** Adds the `--benchmark` symbol's bars (same source, timeframe and range) to `data`. */
export async function loadBenchmark(source: DataSource, data: MarketData, symbol: string, observer: RunObserver): Promise<MarketData> {
  const [s] = parseSymbolList(symbol);
  const loaded = await source.load({ symbol: s, timeframe: data.timeframe, start: data.start, end: data.end });
  observer.note(`Benchmark: buy and hold of ${s} (${loaded.frame.length.toLocaleString('en-US')} bars) instead of each symbol's own`);
  return { ...data, benchmark: loaded };
}
