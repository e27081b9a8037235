import type { Issue } from '../../base/result.js';
import type { OhlcvFrame } from '../frame/frame.js';
import type { Timeframe } from '../frame/timeframe.js';
import { informativeFrame, type InformativeFrame } from './informative.js';

/**
 * What a strategy hands the simulator (DESIGN.md §3). Arrays are aligned with the frame; a 1 at
 * bar t means the condition holds at bar t's close. Short arrays are all zero on spot markets.
 */
export interface Signals {
  readonly longEntries: Uint8Array;
  readonly longExits: Uint8Array;
  readonly shortEntries: Uint8Array;
  readonly shortExits: Uint8Array;
  /**
   * Stop-loss distance in price units, read at the signal bar (DMA-ATR: `sl_atr_multiplier*ATR[t]`).
   * The simulator sets the level from the entry's reference price. NaN or null: no such stop.
   */
  readonly slDistance: Float64Array | null;
  readonly tpDistance: Float64Array | null;
  /** Fractional stops: a fraction of the reference price (`sl_stop`, `tp_stop`); NaN or 0: off. */
  readonly slFraction: number;
  readonly tpFraction: number;
  /**
   * Trailing-stop distance in price units (e.g. an ATR multiple), read at the signal bar and kept
   * for the trade; NaN/absent: the portfolio's `trailingStop` fraction, if any (docs/semantics.md).
   */
  readonly trailDistance?: Float64Array | null;
  /**
   * Entry order levels, read at the signal bar: a finite level makes that bar's entry a limit or
   * stop order (`entryOrder`) at the level; NaN/absent: a market entry.
   */
  readonly entryLevel?: Float64Array | null;
  /** Type of the orders placed at `entryLevel`; default: the portfolio's `entryOrder`, else `limit`. */
  readonly entryOrder?: 'limit' | 'stop';
  /** Per-signal entry sizes in the portfolio's size type, read at the signal bar; NaN/absent: the portfolio's size. */
  readonly size?: Float64Array | null;
  /** Partial exits: the fraction of the position an exit signal closes (NaN/absent, ≤ 0 or ≥ 1: all of it). */
  readonly exitFraction?: Float64Array | null;
}

/** Memoises indicator series by key so each distinct window is computed once per frame. */
export interface IndicatorCache {
  get(key: string, compute: () => Float64Array): Float64Array;
}

/** A plain memo; the optimizer shares one per symbol across all parameter sets. */
export class MemoIndicatorCache implements IndicatorCache {
  private readonly series = new Map<string, Float64Array>();
  get(key: string, compute: () => Float64Array): Float64Array {
    let s = this.series.get(key);
    if (s === undefined) {
      s = compute();
      this.series.set(key, s);
    }
    return s;
  }
  get size(): number {
    return this.series.size;
  }

  /** Every series computed through this cache, by key (in the order they were first asked for). */
  entries(): IterableIterator<[string, Float64Array]> {
    return this.series.entries();
  }
}

export interface StrategyContext {
  /** `spot` is long-only; `swap` trades both sides. */
  readonly market: 'spot' | 'swap';
  readonly cache: IndicatorCache;
}

/** How a report should draw an indicator: on the price chart or in its own panel. */
export type IndicatorPlacement = 'price' | 'panel';

/**
 * Base class for strategies (the guide's `BaseStrategy`). Subclasses compute indicators in
 * `initIndicators()` (through `this.indicator()` so they are shared) and return signals from
 * `generateSignals()`. Both are called once per backtest, in that order.
 */
export abstract class BaseStrategy<P extends object = Record<string, unknown>> {
  /** Named indicator series for reports, aligned with the frame. */
  readonly indicators: Record<string, Float64Array> = {};
  /** Where each entry of `indicators` is drawn; default `panel`. */
  readonly placement: Record<string, IndicatorPlacement> = {};

  constructor(
    readonly frame: OhlcvFrame,
    readonly params: P,
    readonly context: StrategyContext,
  ) {}

  abstract initIndicators(): void;
  abstract generateSignals(): Signals;

  /** Computes (or reuses) a series by key and records it for the reports under `name`. */
  protected indicator(name: string, key: string, compute: () => Float64Array, placement: IndicatorPlacement = 'panel'): Float64Array {
    const s = this.context.cache.get(key, compute);
    this.indicators[name] = s;
    this.placement[name] = placement;
    return s;
  }

  /**
   * A higher timeframe of this symbol (`this.informative('4h')`) or of another symbol
   * (`this.informative('4h', 'BTC/USDT')`, which the strategy declares in `informativeSymbols` so
   * the run loads it), aligned to this frame's bars by time without look-ahead: a 4h bar is
   * visible from the base bar that closes it. `tf` may equal the base timeframe for another symbol.
   */
  protected informative(tf: Timeframe, symbol?: string): InformativeFrame {
    const other = symbol !== undefined && symbol !== this.frame.symbol;
    const key = other ? `${symbol}|${tf}` : tf;
    const hit = this.informatives.get(key);
    if (hit !== undefined) return hit;
    let source = this.frame;
    if (other) {
      const f = this.frame.informative?.[symbol];
      if (f === undefined) {
        throw new Error(`informative('${tf}', '${symbol}'): ${symbol} was not loaded; declare it in the strategy's static informativeSymbols(params)`);
      }
      source = f;
    }
    const f = informativeFrame(this.frame, tf, source);
    this.informatives.set(key, f);
    return f;
  }

  private readonly informatives = new Map<string, InformativeFrame>();

  /** Empty signal arrays of the frame's length, to fill in `generateSignals()`. */
  protected emptySignals(): { longEntries: Uint8Array; longExits: Uint8Array; shortEntries: Uint8Array; shortExits: Uint8Array } {
    const n = this.frame.length;
    return { longEntries: new Uint8Array(n), longExits: new Uint8Array(n), shortEntries: new Uint8Array(n), shortExits: new Uint8Array(n) };
  }
}

export type StrategyClass<P extends object = Record<string, unknown>> =
  new (frame: OhlcvFrame, params: P, context: StrategyContext) => BaseStrategy<P>;

/**
 * A registered strategy: its id (`dma_atr_trend`), its parameter schema and defaults, the
 * constraints between parameters, and the class that computes it.
 */
export interface StrategyDefinition<P extends object = Record<string, unknown>> {
  readonly id: string;
  readonly name: string;
  readonly className: string;
  readonly description: string;
  readonly defaults: P;
  /** Other names accepted for a parameter (`use_adx_filter` → `use_adx`). */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Ranges `--optimize` searches when neither `--range` nor the config gives any. */
  readonly optimizationRanges?: Readonly<Record<string, readonly (string | number | boolean)[]>>;
  /** Validates and normalises a flat parameter object (unknown keys are issues). */
  parseParams(raw: Record<string, unknown>): { ok: true; value: P } | { ok: false; issues: readonly Issue[] };
  /** Cross-parameter rules (e.g. short < long < trend); an empty list means the set is valid. */
  constraints(params: P): Issue[];
  readonly strategyClass: StrategyClass<P>;
  /**
   * The file a user strategy was loaded from: the CLI then runs its calls in a worker thread
   * (adapters/strategy/strategy-host.ts) rather than in the main thread.
   */
  readonly sourceFile?: string;
  /**
   * Bars of history the strategy needs before its first valid signal (issue 10, warm-up): runs
   * with a start date load that many bars before it for the indicators. Absent: no warm-up.
   */
  warmupBars?(params: P): number;
  /**
   * Other symbols the strategy reads with `this.informative(tf, symbol)` (issue 10): the run loads
   * them on its timeframe from the same source and range. Absent: none.
   */
  informativeSymbols?(params: P): readonly string[];
}

/**
 * What running a strategy needs, without parameter validation: optimizer worker threads receive
 * validated parameters and use only this (so they never load the validation library).
 */
export type StrategyRuntime<P extends object = Record<string, unknown>> = Pick<StrategyDefinition<P>, 'id' | 'name' | 'strategyClass'>;
