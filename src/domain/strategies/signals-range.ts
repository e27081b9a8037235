import type { Signals } from './strategy.js';
import { defineLazyStops, scaledStopsOf, tagScaledStops } from './scaled-stops.js';

/**
 * Signals [a, b) of signals computed on a longer frame, as views: every per-bar input (flags, stop
 * distances, trailing distances, entry levels, sizes, exit fractions) is cut the same way, and the
 * optional ones are only set when present, so plain signals keep their exact shape.
 */
export function signalsRange(s: Signals, a: number, b: number): Signals {
  const cut = (v: Float64Array | null | undefined) => (v ? v.subarray(a, b) : null);
  const extra: { trailDistance?: Float64Array; entryLevel?: Float64Array; entryOrder?: 'limit' | 'stop'; size?: Float64Array; exitFraction?: Float64Array } = {};
  if (s.size) extra.size = s.size.subarray(a, b);
  if (s.exitFraction) extra.exitFraction = s.exitFraction.subarray(a, b);
  if (s.trailDistance) extra.trailDistance = s.trailDistance.subarray(a, b);
  if (s.entryLevel) extra.entryLevel = s.entryLevel.subarray(a, b);
  if (s.entryOrder) extra.entryOrder = s.entryOrder;
  const flags = {
    ...extra,
    longEntries: s.longEntries.subarray(a, b), longExits: s.longExits.subarray(a, b),
    shortEntries: s.shortEntries.subarray(a, b), shortExits: s.shortExits.subarray(a, b),
  };
  const stops = scaledStopsOf(s);
  if (stops === undefined) return { ...flags, slDistance: cut(s.slDistance), tpDistance: cut(s.tpDistance), slFraction: s.slFraction, tpFraction: s.tpFraction };
  // Scaled stops stay lazy: the cut arrays are made only when read.
  const lazy = defineLazyStops(flags, (key) => cut(s[key]));
  return tagScaledStops(Object.assign(lazy, { slFraction: s.slFraction, tpFraction: s.tpFraction }), { ...stops, base: stops.base.subarray(a, b) });
}

/** Indicator series from bar `a` on, as views (the reports of a warmed run start at its first traded bar). */
export function indicatorsFrom(series: Readonly<Record<string, Float64Array>>, a: number): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(series)) out[k] = a > 0 ? v.subarray(a) : v;
  return out;
}
