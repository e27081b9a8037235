import type { CalendarChoice } from '../../domain/frame/calendar.js';
import { clip } from '../../base/clip.js';
import { performance } from 'node:perf_hooks';
import { DataError, UsageError } from '../../base/errors.js';
import { formatIssues } from '../../base/result.js';
import { formatIsoUtc, parseDate } from '../../domain/frame/dates.js';
import { parseSymbol } from '../../domain/frame/symbols.js';
import { isTimeframe, TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../../domain/frame/timeframe.js';
import type { OhlcvFrame } from '../../domain/frame/frame.js';
import { checkMemory } from './memory-budget.js';
import type { DataSource, LoadedFrame, MarketLimits } from '../../orchestration/ports.js';
import type { RunObserver } from './observer.js';
import { qualitySummary } from './quality-summary.js';
import { loadWithWarmup, type WarmupReport } from './warmup-load.js';
import { attachFunding } from './funding-data.js';
import { marketMargin, type MarginNotices, type MarginRequest } from './market-margin.js';
import { formatCount } from '../../base/format-count.js';

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
  /** Trading calendar for the quality report (`--calendar`); default auto-detected per symbol. */
  readonly calendar?: CalendarChoice;
  /**
   * Bars of history to load before `start` for the indicators (issue 10, the strategy's
   * `warmupBars`); the frames carry them as `frame.warmup`. 0 or absent, or no `start`: none.
   */
  readonly warmupBars?: number;
  /**
   * Other symbols the strategy reads with `this.informative(tf, symbol)`: loaded from the same
   * source on the same timeframe, from the first loaded bar (warm-up included) to `end`, and
   * attached to every frame as `frame.informative`.
   */
  readonly informativeSymbols?: readonly string[];
  /**
   * Swap runs with margin (issue 11): the run's leverage (the largest of a ranged leverage) and the
   * config's maintenance margin rate. The market's maximum leverage is checked against it and its
   * leverage tiers are attached to the limits (market-margin.ts).
   */
  readonly margin?: MarginRequest;
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
  const notices: MarginNotices = { keyNoticeGiven: false };
  for (const symbol of valid) {
    const t0 = performance.now();
    const cal = req.calendar && req.calendar !== 'auto' ? { calendar: req.calendar } : {};
    const warmBars = start !== undefined ? Math.max(0, Math.floor(req.warmupBars ?? 0)) : 0;
    // Limits first: a --leverage above the market's maximum fails before any candle is fetched.
    const orderLimits = source.marketLimits ? await source.marketLimits(symbol) : undefined;
    const limits = source.market === 'swap' && req.margin ? await marketMargin(source, symbol, orderLimits, req.margin, observer, notices) : orderLimits;
    const warmed = warmBars > 0 ? await loadWithWarmup(source, { symbol, timeframe, start: start!, end, ...cal }, warmBars) : null;
    const plain = warmed?.loaded ?? await source.load({ symbol, timeframe, start, end, ...cal });
    const loaded = limits ? { ...plain, limits } : plain;
    const f = loaded.frame;
    const w = f.warmup ?? 0;
    const origin = f.origin.synthetic ? 'sample market: SYNTHETIC data' : f.origin.description;
    observer.step(`Data loaded: ${symbol} ${timeframe}, ${formatCount(f.length - w)} bars ${f.length > w ? `${formatIsoUtc(f.time[w])} → ${formatIsoUtc(f.time[f.length - 1])}` : ''} (${origin})`, (performance.now() - t0) / 1000);
    if (warmed) reportWarmup(symbol, warmed.warmup, observer);
    const limitsText = limits ? describeLimits(limits) : '';
    if (limitsText !== '') observer.note(`Market limits of ${symbol} on ${source.id}: ${limitsText} (applied to entries unless the config sets size_granularity, min_size or min_notional)`);
    for (const n of loaded.notes) observer.debug(`${symbol}: ${n}`);
    for (const w of loaded.quality.warnings ?? []) observer.warn(`${symbol}: ${w}`);
    const q = qualitySummary(loaded.quality);
    if (q.clean) observer.debug(`${symbol}: ${q.line}`);
    else observer.warn(`${symbol}: ${q.line}`);
    frames.set(symbol, source.market === 'swap' ? await attachFunding(source, loaded, timeframe, observer) : loaded);
  }
  // Without a --start the size is known only now, still before the strategy runs.
  checkMemory(frames.size, Math.max(...[...frames.values()].map((l) => l.frame.length)), timeframe);
  if (req.informativeSymbols && req.informativeSymbols.length > 0) await attachInformative(source, frames, req.informativeSymbols, timeframe, end, observer);
  return { timeframe, exchange: source.id, market: source.market, frames, skipped, start, end };
}

/** Loads the strategy's other symbols once and attaches them to every frame (not to their own). */
async function attachInformative(source: DataSource, frames: Map<string, LoadedFrame>, symbols: readonly string[], timeframe: Timeframe,
  end: number | undefined, observer: RunObserver): Promise<void> {
  const from = Math.min(...[...frames.values()].filter((l) => l.frame.length > 0).map((l) => l.frame.time[0]));
  const others: Record<string, OhlcvFrame> = {};
  for (const symbol of parseSymbolList(symbols)) {
    const t0 = performance.now();
    const l = await source.load({ symbol, timeframe, start: Number.isFinite(from) ? from : undefined, end });
    others[symbol] = l.frame;
    observer.step(`Informative data loaded: ${symbol} ${timeframe}, ${formatCount(l.frame.length)} bars (read by the strategy, not traded)`, (performance.now() - t0) / 1000);
  }
  for (const [symbol, l] of frames) {
    const own = Object.fromEntries(Object.entries(others).filter(([s]) => s !== symbol));
    if (Object.keys(own).length > 0) frames.set(symbol, { ...l, frame: { ...l.frame, informative: own } });
  }
}

function describeLimits(l: MarketLimits): string {
  const parts: string[] = [];
  if (l.amountStep !== undefined) parts.push(`amount step ${l.amountStep}`);
  if (l.minAmount !== undefined) parts.push(`minimum amount ${l.minAmount}`);
  if (l.minCost !== undefined) parts.push(`minimum cost ${l.minCost}`);
  return parts.join(', ');
}

function reportWarmup(symbol: string, w: WarmupReport, observer: RunObserver): void {
  if (w.missing === 0) {
    observer.note(`Warm-up: ${formatCount(w.loaded)} bars of ${symbol} before --start (from ${w.from}) for the indicators; trading and measurement start at --start`);
  } else {
    observer.warn(`${symbol}: warm-up history short by ${formatCount(w.missing)} bars: the strategy needs ${formatCount(w.requested)} bars before --start and the source has ${formatCount(w.loaded)}${w.reason ? ` (${w.reason})` : ''}; the first signals may come later (see data_quality.json).`);
  }
}

/** Adds the `--benchmark` symbol's bars (same source, timeframe and range) to `data`. */
export async function loadBenchmark(source: DataSource, data: MarketData, symbol: string, observer: RunObserver): Promise<MarketData> {
  const [s] = parseSymbolList(symbol);
  const loaded = await source.load({ symbol: s, timeframe: data.timeframe, start: data.start, end: data.end });
  observer.note(`Benchmark: buy and hold of ${s} (${formatCount(loaded.frame.length)} bars) instead of each symbol's own`);
  return { ...data, benchmark: loaded };
}
