import { DataError } from '../../base/errors.js';
import { formatDateUtc, formatIsoUtc } from '../../domain/frame/dates.js';
import { makeFrame, type DataOrigin } from '../../domain/frame/frame.js';
import { checkFrame } from '../../domain/frame/quality.js';
import { ceilToTimeframe, floorToTimeframe } from '../../domain/frame/resample.js';
import { parseSymbol } from '../../domain/frame/symbols.js';
import type { Timeframe } from '../../domain/frame/timeframe.js';
import type { DataRequest, DataSource, LoadedFrame } from '../../orchestration/ports.js';
import { generateSample, SAMPLE_ANCHOR_MS } from './sample/generate.js';
import { SAMPLE_GENERATOR_VERSION, symbolProfile } from './sample/profile.js';
import { sampleFunding } from './sample/sample-funding.js';
import type { FundingSeries } from '../../domain/frame/funding.js';

export interface SampleMarketOptions {
  readonly market?: 'spot' | 'swap';
  /** The clock used only for a request without `end` (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * The built-in synthetic market (docs/data.md "Sample market"): deterministic OHLCV for any
 * well-formed symbol, any timeframe and any range from 2015-01-01 on. The same request gives the
 * same bars on every machine, and a bar's values do not depend on the requested range. Every frame
 * says `synthetic: true`.
 */
export class SampleMarketSource implements DataSource {
  readonly id = 'sample';
  readonly market: 'spot' | 'swap';
  private readonly now: () => number;

  constructor(options: SampleMarketOptions = {}) {
    this.market = options.market ?? 'spot';
    this.now = options.now ?? Date.now;
  }

  async load(request: DataRequest): Promise<LoadedFrame> {
    const parsed = parseSymbol(request.symbol);
    if (!parsed.ok) {
      throw new DataError('SYMBOL_UNKNOWN', parsed.issues[0].message, { hint: 'Symbols are written BASE/QUOTE, e.g. BTC/USDT.' });
    }
    const symbol = parsed.value;
    const tf = request.timeframe;
    const start = request.start ?? SAMPLE_ANCHOR_MS;
    // Up to the last closed bar: the open time of the bar in progress. A later --end is cut there,
    // so the sample market never invents bars after the current time.
    const closed = floorToTimeframe(this.now(), tf);
    const end = Math.min(request.end ?? closed, closed);
    const cut = request.end !== undefined && request.end > closed;
    if (cut && start >= end) {
      throw new DataError('DATA_EMPTY', `The sample market has no bars after the current time (${formatIsoUtc(closed)}); the requested start is ${formatIsoUtc(start)}.`, {
        hint: 'Use a --start in the past.',
      });
    }
    if (start < SAMPLE_ANCHOR_MS) {
      throw new DataError('DATA_NOT_FOUND', `The sample market starts at 2015-01-01; the requested start is ${formatDateUtc(start)}.`, {
        hint: 'Use --start 2015-01-01 or later.',
      });
    }
    const profile = symbolProfile(symbol);
    const cols = generateSample(profile, tf, start, end);
    if (cols.time.length === 0) {
      const first = formatIsoUtc(ceilToTimeframe(start, tf));
      throw new DataError('DATA_EMPTY', `No ${tf} sample bars in [${formatIsoUtc(start)}, ${formatIsoUtc(end)}) (the first ${tf} bar at or after the start is ${first}).`, {
        hint: '--end must come after --start by at least one bar (--end is exclusive).',
      });
    }
    const origin: DataOrigin = {
      kind: 'sample', synthetic: true, exchange: 'sample', market: this.market,
      description: `synthetic sample market v${SAMPLE_GENERATOR_VERSION} (seed ${profile.seed} from '${symbol}'); not real prices`,
    };
    const frame = makeFrame(symbol, tf, cols, origin);
    return {
      frame,
      quality: checkFrame(cols, tf, symbol, request.calendar),
      notes: [`generated ${frame.length} synthetic ${tf} bars of ${symbol} (sample market, not real data)`,
        ...(cut ? [`--end is after the current time: the bars end with the last closed ${tf} bar before ${formatIsoUtc(closed)}`] : [])],
    };
  }

  /** Swap: the synthetic funding rates of the symbol (sample/sample-funding.ts); spot has none. */
  async loadFunding(symbol: string, start: number, end: number): Promise<FundingSeries | null> {
    const parsed = parseSymbol(symbol);
    if (this.market !== 'swap' || !parsed.ok) return null;
    return sampleFunding(symbolProfile(parsed.value).seed, start, end);
  }

  async validateSymbols(symbols: readonly string[], _timeframe: Timeframe): Promise<{ valid: string[]; invalid: { symbol: string; reason: string }[] }> {
    const valid: string[] = [];
    const invalid: { symbol: string; reason: string }[] = [];
    for (const s of symbols) {
      const p = parseSymbol(s);
      if (p.ok) valid.push(p.value);
      else invalid.push({ symbol: s, reason: p.issues[0].message });
    }
    return { valid, invalid };
  }
}
