import { StrategyError } from '../base/errors.js';
import type { Signals } from '../domain/strategies/strategy.js';
import { defineLazyStops, scaledStopsOf, tagScaledStops } from '../domain/strategies/scaled-stops.js';

type Flags = ArrayLike<number | boolean> | undefined | null;

/**
 * Checks what a strategy returned and brings it to the simulator's form: 0/1 Uint8Arrays of the
 * frame's length (plain boolean/number arrays are accepted from user strategies), short signals
 * cleared on spot markets, stop inputs as Float64Array or null. This is the edge where user code
 * enters the engine, so malformed output is a StrategyError that says what to fix.
 */
export function normalizeSignals(raw: Partial<Record<keyof Signals, unknown>> | null | undefined, n: number, market: 'spot' | 'swap', name: string): Signals {
  if (raw === null || typeof raw !== 'object') {
    throw bad(name, `generateSignals() returned ${raw === null ? 'null' : typeof raw}, not a signals object`);
  }
  const flags = (key: keyof Signals, required: boolean): Uint8Array => {
    const v = raw[key] as Flags;
    if (v === undefined || v === null) {
      if (required) throw bad(name, `generateSignals() returned no ${key}`);
      return new Uint8Array(n);
    }
    if (typeof v !== 'object' || typeof v.length !== 'number') throw bad(name, `${key} must be an array of 0/1 or booleans`);
    if (v.length !== n) throw bad(name, `${key} has ${v.length} elements but the data has ${n} bars`);
    if (v instanceof Uint8Array) return hasNonBinary(v) ? Uint8Array.from(v, (x) => (x ? 1 : 0)) : v;
    return Uint8Array.from(v as ArrayLike<number | boolean>, (x) => (x ? 1 : 0));
  };
  const levels = (key: 'slDistance' | 'tpDistance' | 'trailDistance' | 'entryLevel' | 'size' | 'exitFraction'): Float64Array | null => {
    const v = raw[key] as ArrayLike<number> | undefined | null;
    if (v === undefined || v === null) return null;
    if (typeof v !== 'object' || v.length !== n) throw bad(name, `${key} must be null or an array with one value per bar (${n})`);
    return v instanceof Float64Array ? v : Float64Array.from(v);
  };
  const fraction = (key: 'slFraction' | 'tpFraction'): number => {
    const v = raw[key];
    if (v === undefined || v === null) return 0;
    if (typeof v !== 'number' || !(v >= 0)) throw bad(name, `${key} must be a number >= 0 (0 = off)`);
    return v;
  };
  const spot = market === 'spot';
  const entryOrder = raw.entryOrder;
  if (entryOrder !== undefined && entryOrder !== null && entryOrder !== 'limit' && entryOrder !== 'stop') {
    throw bad(name, `entryOrder must be 'limit' or 'stop'`);
  }
  // The optional order inputs are only set when given, so plain strategies keep their exact shape.
  const extra: { trailDistance?: Float64Array; entryLevel?: Float64Array; entryOrder?: 'limit' | 'stop'; size?: Float64Array; exitFraction?: Float64Array } = {};
  const size = levels('size');
  if (size !== null) extra.size = size;
  const exitFraction = levels('exitFraction');
  if (exitFraction !== null) extra.exitFraction = exitFraction;
  const trail = levels('trailDistance');
  if (trail !== null) extra.trailDistance = trail;
  const entry = levels('entryLevel');
  if (entry !== null) extra.entryLevel = entry;
  if (entryOrder === 'limit' || entryOrder === 'stop') extra.entryOrder = entryOrder;
  const signals = {
    ...extra,
    longEntries: flags('longEntries', true),
    longExits: flags('longExits', true),
    shortEntries: spot ? zeros(raw.shortEntries, n) : flags('shortEntries', false),
    shortExits: spot ? zeros(raw.shortExits, n) : flags('shortExits', false),
  };
  // Stops a built-in strategy made as multiples of one series (scaled-stops.ts) stay lazy.
  const stops = scaledStopsOf(raw);
  if (stops === undefined || stops.base.length !== n) {
    return { ...signals, slDistance: levels('slDistance'), tpDistance: levels('tpDistance'), slFraction: fraction('slFraction'), tpFraction: fraction('tpFraction') };
  }
  const lazy = defineLazyStops(signals, levels);
  return tagScaledStops(Object.assign(lazy, { slFraction: fraction('slFraction'), tpFraction: fraction('tpFraction') }), stops);
}

/**
 * The cleared short signals of a spot run: the strategy's own array when it already is n zero
 * bytes (a strategy that starts from `emptySignals()` and never sets shorts), else a new one.
 */
function zeros(v: unknown, n: number): Uint8Array {
  return v instanceof Uint8Array && v.length === n && !hasNonZero(v) ? v : new Uint8Array(n);
}

/** Whether any byte of `v` is nonzero (read four bytes at a time, as `hasNonBinary`). */
function hasNonZero(v: Uint8Array): boolean {
  return orOfBytes(v) !== 0;
}

/** Whether any byte of `v` is other than 0 or 1 (bits 1-7 set somewhere in the OR of all bytes). */
export function hasNonBinary(v: Uint8Array): boolean {
  return (orOfBytes(v) & 0xfe) !== 0;
}

/**
 * The OR of every byte of `v`, reading four bytes at a time over the aligned middle: one pass
 * per signal array on every run.
 */
function orOfBytes(v: Uint8Array): number {
  const n = v.length;
  const head = Math.min(n, (4 - (v.byteOffset & 3)) & 3);
  let any = 0;
  for (let i = 0; i < head; i++) any |= v[i];
  const words = (n - head) >>> 2;
  if (words > 0) {
    const w = new Uint32Array(v.buffer, v.byteOffset + head, words);
    let acc = 0;
    for (let i = 0; i < words; i++) acc |= w[i];
    any |= acc | (acc >>> 8) | (acc >>> 16) | (acc >>> 24);
  }
  for (let i = head + words * 4; i < n; i++) any |= v[i];
  return any & 0xff;
}

function bad(name: string, what: string): StrategyError {
  return new StrategyError('STRATEGY_FAILED', `Strategy ${name}: ${what}.`, {
    hint: 'generateSignals() must return { longEntries, longExits, shortEntries?, shortExits?, slDistance?, tpDistance?, slFraction?, tpFraction?, trailDistance?, entryLevel?, entryOrder?, size?, exitFraction? } with one value per bar (see docs/strategies.md).',
  });
}
