/**
 * Stop distances that are multiples of one series (DMA-ATR-Trend: `sl_atr_multiplier × ATR` and
 * `tp_atr_multiplier × ATR`), remembered beside the signals that carry them. Such signals expose
 * `slDistance`/`tpDistance` as getters that make the bar-long arrays on first read; the simulator
 * reads `base[t] × multiplier` at the signal bars instead (the same bits as the arrays would hold),
 * so a run whose distances nobody reads allocates and fills no copies of the series.
 */
import type { Signals } from './strategy.js';

export interface ScaledStops {
  /** The series the distances are multiples of, one value per bar of the signals. */
  readonly base: Float64Array;
  /** Multipliers of `slDistance` and `tpDistance`; 0: that distance is null (no such stop). */
  readonly sl: number;
  readonly tp: number;
}

const SCALED = new WeakMap<object, ScaledStops>();

/** Records that `signals.slDistance[t]` is `base[t] × sl` (null when sl is 0) and the same for tp. */
export function tagScaledStops<T extends object>(signals: T, stops: ScaledStops): T {
  SCALED.set(signals, stops);
  return signals;
}

/** The scaled stops recorded for `signals`, if any. */
export function scaledStopsOf(signals: object): ScaledStops | undefined {
  return SCALED.get(signals);
}

/**
 * `slDistance` and `tpDistance` as enumerable getters on `target` (in that order, after its other
 * keys): each calls `make` once, on first read, and keeps the array. Used by every step that passes
 * scaled-stop signals on (strategy, normalization, warm-up cut) so none of them makes the arrays.
 * Once either is read (or assigned) the object is no longer tagged: whatever the reader does with
 * the arrays (a strategy subclass changing them in place, say) is then what gets simulated.
 */
export function defineLazyStops<T extends object>(target: T, make: (key: 'slDistance' | 'tpDistance') => Float64Array | null): T & Pick<Signals, 'slDistance' | 'tpDistance'> {
  for (const key of ['slDistance', 'tpDistance'] as const) {
    let value: Float64Array | null | undefined;
    Object.defineProperty(target, key, {
      enumerable: true, configurable: true,
      get: () => {
        SCALED.delete(target);
        return value === undefined ? (value = make(key)) : value;
      },
      set: (v: Float64Array | null) => {
        SCALED.delete(target);
        Object.defineProperty(target, key, { value: v, writable: true, enumerable: true, configurable: true });
      },
    });
  }
  return target as T & Pick<Signals, 'slDistance' | 'tpDistance'>;
}
