import type { Issue } from '../../base/result.js';
import type { OhlcvFrame } from '../frame/frame.js';

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
}

/**
 * What running a strategy needs, without parameter validation: optimizer worker threads receive
 * validated parameters and use only this (so they never load the validation library).
 */
export type StrategyRuntime<P extends object = Record<string, unknown>> = Pick<StrategyDefinition<P>, 'id' | 'name' | 'strategyClass'>;
