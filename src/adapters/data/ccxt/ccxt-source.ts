import { DataError, NetworkError } from '../../../base/errors.js';
import { formatIssues } from '../../../base/result.js';
import { formatIsoUtc } from '../../../domain/frame/dates.js';
import { lowerBound, makeFrame, sliceFrame } from '../../../domain/frame/frame.js';
import { checkFrameRows } from '../../../domain/frame/quality.js';
import { applyQualityPolicy, DEFAULT_QUALITY_POLICY, type QualityPolicy } from '../../../domain/frame/quality-policy.js';
import { canResample, resample } from '../../../domain/frame/resample.js';
import { TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../../../domain/frame/timeframe.js';
import type { DataRequest, DataSource, LoadedFrame, Logger, MarketLimits, Progress, TierLookup } from '../../../orchestration/ports.js';
import { silentLogger } from '../../../orchestration/ports.js';
import type { CachedSeries, CacheKey } from '../../cache/cache-file.js';
import { defaultCacheDir } from '../../cache/cache-dir.js';
import { emptyColumns, type FetchedSegment } from '../../cache/merge.js';
import { OhlcvCache } from '../../cache/ohlcv-cache.js';
import { closestSymbols } from './closest.js';
import { connectExchange, ensureMarkets, pageLimit, toCcxtSymbol, type Connected } from './exchange.js';
import type { MarketType } from './market-type.js';
import { MarketDirectory } from './market-directory.js';
import { fetchRange } from './paginate.js';
import { planFetch, requestRange, type Range } from './plan.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { sourceTimeframe, type SymbolCheck } from './validate.js';
import { ccxtFunding } from './funding-source.js';
import { ccxtLeverageTiers } from './leverage-tiers-source.js';
import type { FundingSeries } from '../../../domain/frame/funding.js';

export interface CcxtSourceOptions {
  /** A ccxt exchange id, e.g. `binance`. */
  readonly exchangeId: string;
  readonly market: MarketType;
  /** `dir` defaults to `defaultCacheDir()`. */
  readonly cache: { readonly enabled: boolean; readonly dir?: string };
  /** Build a missing timeframe (or one a cached lower timeframe covers) by resampling. Default true. */
  readonly preferResampling?: boolean;
  readonly qualityPolicy?: QualityPolicy;
  readonly logger?: Logger;
  /** The clock (UTC epoch ms); injectable for tests. */
  readonly now?: () => number;
  /** ccxt constructor settings merged over ours (tests: `urls.api` of the fake exchange, `rateLimit`, `timeout`). */
  readonly exchangeOverrides?: Record<string, unknown>;
  readonly retry?: Partial<RetryPolicy>;
  /** Candles per request; default: what ccxt says the exchange allows. */
  readonly pageLimit?: number;
}

type LoadOptions = { signal?: AbortSignal; progress?: Progress };

/**
 * Candles from a ccxt exchange behind the on-disk cache (docs/data.md "Exchanges and the cache").
 * ccxt is only imported, and the exchange only asked, when the cache cannot serve a request.
 */
export class CcxtSource implements DataSource {
  readonly id: string;
  readonly market: MarketType;
  readonly cacheDir: string;
  private readonly cache: OhlcvCache | undefined;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private readonly preferResampling: boolean;
  private readonly policy: QualityPolicy;
  private readonly directory: MarketDirectory;
  private connecting: Promise<Connected> | undefined;

  constructor(private readonly options: CcxtSourceOptions) {
    this.id = options.exchangeId;
    this.market = options.market;
    this.cacheDir = options.cache.dir ?? defaultCacheDir();
    this.logger = options.logger ?? silentLogger;
    this.cache = options.cache.enabled ? new OhlcvCache(this.cacheDir, this.logger) : undefined;
    this.now = options.now ?? Date.now;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.preferResampling = options.preferResampling ?? true;
    this.policy = options.qualityPolicy ?? DEFAULT_QUALITY_POLICY;
    this.directory = new MarketDirectory({
      exchangeId: this.id, market: this.market, cacheDir: options.cache.enabled ? this.cacheDir : undefined,
      now: this.now, logger: this.logger, retry: this.retry, connect: () => this.connect(),
      hasCachedData: (s, tf) => this.hasCachedData(s, tf),
    });
  }

  /** The ccxt exchange, created once on first need. */
  private connect(): Promise<Connected> {
    this.connecting ??= connectExchange({ exchangeId: this.id, market: this.market, overrides: this.options.exchangeOverrides });
    return this.connecting;
  }

  validateSymbols(symbols: readonly string[], timeframe: Timeframe): Promise<SymbolCheck> {
    return this.directory.validate(symbols, timeframe, this.preferResampling);
  }

  /** The market's amount step, minimum amount and minimum cost, from the market list (cached with the candles). */
  marketLimits(symbol: string): Promise<MarketLimits | undefined> {
    return this.directory.limits(symbol);
  }

  async load(request: DataRequest, opts: LoadOptions = {}): Promise<LoadedFrame> {
    const { symbol, timeframe: tf } = request;
    const now = this.now();
    const want = requestRange(request.start, request.end, tf, now);
    const notes: string[] = [];
    const { timeframe: src, cols, file } = await this.loadColumns(symbol, tf, want, now, notes, opts);
    const origin = {
      kind: 'ccxt' as const, synthetic: false, exchange: this.id, market: this.market,
      description: `${this.id} ${this.market} via ccxt, ${file ? `cache ${file}` : 'not cached'}`,
    };
    // The range is on the tf grid, so slicing first keeps every bucket whole.
    let frame = sliceFrame(makeFrame(symbol, src, cols, origin), want.from, want.to);
    if (src !== tf) {
      frame = resample(frame, tf);
      notes.push(`built ${tf} bars by resampling ${src} candles`);
    }
    if (frame.length === 0) {
      throw new DataError('DATA_EMPTY', `No ${tf} candles for ${symbol} on ${this.id} ${this.market} in [${formatIsoUtc(want.from)}, ${formatIsoUtc(want.to)}).`, {
        hint: 'The market may not have traded then; check --start/--end (the still-forming candle is never used).',
      });
    }
    const { report, rows } = checkFrameRows(frame, tf, symbol, request.calendar);
    const outcome = applyQualityPolicy(frame, report, this.policy, rows);
    if (!outcome.ok) {
      throw new DataError('DATA_INVALID', `Bad data for ${symbol} ${tf} from ${this.id}: ${formatIssues(outcome.issues)}`, {
        hint: 'Use --on-bad-data drop to drop the bad bars, or warn to keep them and only report.',
      });
    }
    notes.push(...outcome.value.notes);
    const final = outcome.value.dropped > 0 ? makeFrame(symbol, tf, outcome.value.cols, origin) : frame;
    return { frame: final, quality: { ...report, droppedBars: outcome.value.dropped }, notes };
  }

  /**
   * Fills the cache for `symbol` at the timeframe the exchange serves for `tf` (tf itself, or the
   * one it is resampled from). Returns the candles now cached in the range, how many were
   * downloaded, and the cache file. Used by `backtester download`.
   */
  async download(symbol: string, tf: Timeframe, start: number | undefined, end: number | undefined, opts: LoadOptions = {}):
    Promise<{ timeframe: Timeframe; candles: number; fetched: number; first: number; last: number; file: string | undefined }> {
    const now = this.now();
    const { exchange } = await this.connect();
    const src = sourceTimeframe(tf, Object.keys(exchange.timeframes ?? {}), true) ?? tf;
    const want = requestRange(start, end, tf, now);
    const r = await this.loadSeries(symbol, src, want, now, [], opts);
    const a = lowerBound(r.cols.time, want.from);
    const b = lowerBound(r.cols.time, want.to);
    return { timeframe: src, candles: b - a, fetched: r.fetched, first: r.cols.time[a] ?? NaN, last: r.cols.time[b - 1] ?? NaN, file: r.file };
  }

  /**
   * Swap: the funding-rate history in [start, end) through the funding cache (funding-source.ts),
   * fetched with ccxt's fetchFundingRateHistory when the cache lacks it; null on spot or when the
   * exchange has no funding history. Also used by `backtester download --funding`.
   */
  async loadFunding(symbol: string, start: number, end: number): Promise<FundingSeries | null> {
    return (await this.downloadFunding(symbol, start, end))?.series ?? null;
  }

  /** Swap: the market's leverage tiers (leverage-tiers-source.ts); on spot, none. */
  leverageTiers(symbol: string): Promise<TierLookup> {
    if (this.market !== 'swap') return Promise.resolve({ unavailable: 'spot markets have no leverage tiers' });
    return ccxtLeverageTiers({
      exchangeId: this.id, connect: () => this.connect(), retry: this.retry, logger: this.logger,
      cacheDir: this.cache ? this.cacheDir : undefined, now: this.now(),
    }, symbol);
  }

  /** `loadFunding` with the requests made and the cache file. */
  downloadFunding(symbol: string, start: number, end: number, signal?: AbortSignal) {
    if (this.market !== 'swap') return Promise.resolve(null);
    return ccxtFunding({
      exchangeId: this.id, connect: () => this.connect(), retry: this.retry, logger: this.logger,
      cacheDir: this.cache ? this.cacheDir : undefined, now: this.now(), signal,
    }, symbol, start, end);
  }

  /** Chooses the timeframe to load `tf` from (cache first, then the exchange) and loads it. */
  private async loadColumns(symbol: string, tf: Timeframe, want: Range, now: number, notes: string[], opts: LoadOptions) {
    const lower = this.preferResampling ? TIMEFRAMES.filter((l) => l !== tf && canResample(l, tf)).reverse() : [];
    if (this.cache) {
      for (const t of [tf, ...lower]) {
        const key = this.key(symbol, t);
        const read = await this.cache.read(key);
        notes.push(...read.notes);
        if (read.series && planFetch(read.series, want, now, t).length === 0) {
          notes.push(`served from the cache (${this.cache.pathFor(key)})`);
          return { timeframe: t, cols: read.series.columns, file: this.cache.pathFor(key) };
        }
      }
    }
    const { exchange } = await this.connect();
    const src = sourceTimeframe(tf, Object.keys(exchange.timeframes ?? {}), this.preferResampling);
    if (src === undefined) {
      throw new DataError('DATA_NOT_FOUND', `${this.id} has no ${tf} candles${this.preferResampling ? ' and no smaller timeframe to build them from' : ''}.`, {
        hint: `Use one of ${Object.keys(exchange.timeframes ?? {}).join(', ')}${this.preferResampling ? '' : ', or allow resampling'}.`,
      });
    }
    const r = await this.loadSeries(symbol, src, want, now, notes, opts);
    return { timeframe: src, cols: r.cols, file: r.file };
  }

  /** Loads [want.from, want.to) of one exchange timeframe through the cache, fetching only what is missing. */
  private async loadSeries(symbol: string, tf: Timeframe, want: Range, now: number, notes: string[], opts: LoadOptions) {
    const key = this.key(symbol, tf);
    let stored: CachedSeries | undefined;
    if (this.cache) {
      const read = await this.cache.read(key);
      notes.push(...read.notes);
      stored = read.series;
    }
    const plan = planFetch(stored, want, now, tf);
    if (plan.length === 0) {
      return { cols: stored?.columns ?? emptyColumns(), fetched: 0, file: this.cache?.pathFor(key) };
    }
    const segments = await this.fetchSegments(symbol, tf, plan, now, opts);
    const fetched = segments.reduce((s, g) => s + g.columns.time.length, 0);
    notes.push(`downloaded ${fetched} ${tf} candles from ${this.id} (${plan.map((r) => `${formatIsoUtc(r.from)} → ${formatIsoUtc(r.to)}`).join(', ')})`);
    if (!this.cache) return { cols: segments[0].columns, fetched, file: undefined };
    const committed = await this.cache.commit(key, segments, now);
    notes.push(...committed.notes);
    return { cols: committed.series.columns, fetched, file: this.cache.pathFor(key) };
  }

  private async fetchSegments(symbol: string, tf: Timeframe, plan: readonly Range[], now: number, opts: LoadOptions): Promise<FetchedSegment[]> {
    const c = await this.connect();
    const { ccxt, exchange, classify } = c;
    await ensureMarkets(c, this.retry, this.logger, opts.signal);
    const total = plan.reduce((s, r) => s + Math.ceil((r.to - r.from) / TIMEFRAME_MS[tf]), 0);
    opts.progress?.start(`${symbol} ${tf}`, total);
    const out: FetchedSegment[] = [];
    let before = 0;
    try {
      for (const r of plan) {
        const res = await fetchRange({
          exchange, classify, retry: this.retry, logger: this.logger, ccxtSymbol: toCcxtSymbol(symbol, this.market),
          timeframe: tf, from: r.from, to: r.to, now, pageLimit: this.options.pageLimit ?? pageLimit(exchange, this.market),
          signal: opts.signal, onPage: (n) => opts.progress?.update(before + n),
        });
        before += res.columns.time.length;
        out.push({ ...r, columns: res.columns });
      }
    } catch (e) {
      if (e instanceof ccxt.BadSymbol) {
        const near = closestSymbols(symbol, (exchange.symbols ?? []).filter((s) => this.market === 'spot' ? !s.includes(':') : s.includes(':')).map((s) => s.split(':')[0]));
        throw new DataError('SYMBOL_UNKNOWN', `${symbol} is not listed on ${this.id} ${this.market}.`, {
          hint: near.length ? `Closest listed: ${near.join(', ')}.` : 'Run `backtester symbols` to list traded symbols.', cause: e,
        });
      }
      if (e instanceof ccxt.BaseError && !(e instanceof NetworkError)) {
        throw new DataError('DATA_NOT_FOUND', `${this.id} refused the candles of ${symbol} ${tf}: ${e.message.split('\n')[0]}`, { cause: e });
      }
      throw e;
    } finally {
      opts.progress?.finish();
    }
    return out;
  }

  private key(symbol: string, timeframe: Timeframe): CacheKey {
    return { exchange: this.id, market: this.market, symbol, timeframe };
  }

  /** True when a cache file for the symbol exists at `tf` or a timeframe it can be built from. */
  private async hasCachedData(symbol: string, tf: Timeframe): Promise<boolean> {
    if (!this.cache) return false;
    for (const t of TIMEFRAMES.filter((l) => canResample(l, tf))) {
      if ((await this.cache.read(this.key(symbol, t))).series) return true;
    }
    return false;
  }
}

