import { fail, ok, type Issue, type Result } from '../../base/result.js';
import type { StrategyDefinition } from '../strategies/strategy.js';
import { formatCount } from '../../base/format-count.js';

/** A value a parameter can take in a range (what a JSON config can hold). */
export type ParamValue = number | string | boolean;

/**
 * The search space of an optimization (DESIGN.md §6): the Cartesian product of the ranges over
 * the base parameters. Grid order is mixed-radix with the ranges' keys in the order given (the
 * config file's order) and the LAST key varying fastest, like nested loops written in that order:
 * index = ((d0 * n1 + d1) * n2 + d2) ... where d_k is the position of key k's value in its list.
 */
export interface ParamSpace<P extends object = Record<string, unknown>> {
  /** Parameter names after alias mapping, in range order. */
  readonly keys: readonly string[];
  /** Each key's values as the strategy's parser normalised them (`'sma'` → `'SMA'`), in list order. */
  readonly values: readonly (readonly ParamValue[])[];
  /** Number of combinations (product of the list lengths). */
  readonly size: number;
  /** The validated base parameters every combination starts from. */
  readonly base: P;
}

/** Default limit on the number of combinations a run may evaluate. */
export const DEFAULT_MAX_COMBINATIONS = 1_000_000;

export interface SpaceOptions {
  /** Grid method: the grid may not exceed this; random: `nIter` may not (default 1,000,000). */
  readonly maxCombinations?: number;
  readonly method: 'grid' | 'random';
  /** Random method: combinations to sample. */
  readonly nIter?: number;
}

/**
 * Validates `ranges` against the strategy and builds the space. Every problem is collected:
 * no ranges at all, a range that is not a non-empty list, a key given twice (directly and through
 * an alias), a value that is not a number/string/boolean, a value the strategy's `parseParams`
 * rejects (an unknown parameter is reported once with the known names), a value listed twice,
 * and a grid (or `nIter`) over `maxCombinations`.
 */
export function buildParamSpace<P extends object>(
  def: StrategyDefinition<P>, base: P, ranges: Readonly<Record<string, unknown>>, options: SpaceOptions,
): Result<ParamSpace<P>> {
  const issues: Issue[] = [];
  const aliases = def.aliases ?? {};
  const keys: string[] = [];
  const values: ParamValue[][] = [];
  const entries = ranges && typeof ranges === 'object' ? Object.entries(ranges) : [];
  if (entries.length === 0) {
    // The example names one of this strategy's own parameters, not the built-in strategy's.
    const first = Object.entries(def.defaults as Record<string, unknown>).find(([, v]) => typeof v === 'number');
    const example = first ? `--range ${first[0]}=${[1, 2, 3].map((m) => (first[1] as number) * m).join(',')}` : '--range key=a,b,c';
    return fail([{ code: 'no_ranges', path: 'optimization_ranges', message: `lists no parameter to optimize; pass e.g. ${example}, add "optimization_ranges" to the config, or give the strategy class a static optimizationRanges` }]);
  }
  const limit = options.maxCombinations ?? DEFAULT_MAX_COMBINATIONS;
  // The size first, from the list lengths: a huge grid is refused before any value is parsed.
  const rawSize = entries.reduce((n, [, list]) => n * (Array.isArray(list) && list.length > 0 ? list.length : 1), 1);
  if (options.method === 'grid' && rawSize > limit) return fail([tooMany(rawSize, entries.map(([, l]) => (Array.isArray(l) ? l.length : 1)), limit)]);
  const known = Object.keys(def.defaults);
  for (const [rawKey, list] of entries) {
    const key = aliases[rawKey] ?? rawKey;
    const path = `optimization_ranges.${rawKey}`;
    if (keys.includes(key)) {
      issues.push({ code: 'duplicate_key', path, message: `${key} has two ranges (one through an alias); give it once` });
      continue;
    }
    if (!Array.isArray(list) || list.length === 0) {
      issues.push({ code: 'empty_range', path, message: Array.isArray(list) ? 'is an empty list; list at least one value to try' : 'must be a list of values to try, e.g. [10, 20, 30]' });
      continue;
    }
    const parsed = key === LEVERAGE_KEY ? parseLeverage(path, list, issues) : parseValues(def, base, key, path, list, known, issues);
    if (parsed === null) continue;
    keys.push(key);
    values.push(parsed);
  }
  if (issues.length > 0) return fail(issues);
  const size = values.reduce((s, v) => s * v.length, 1);
  if (options.method === 'grid' && size > limit) issues.push(tooMany(size, values.map((v) => v.length), limit));
  if (options.method === 'random' && (options.nIter ?? 0) > limit) {
    issues.push({ code: 'too_many_combinations', path: '--n-iter', message: `(${options.nIter}) is over the limit of ${formatCount(limit)} combinations; lower it or raise the limit with --max-combinations` });
  }
  if (!Number.isSafeInteger(size)) {
    issues.push({ code: 'too_many_combinations', path: 'optimization_ranges', message: 'make more combinations than can be counted exactly (over 2^53); shorten the lists' });
  }
  return issues.length > 0 ? fail(issues) : ok({ keys, values, size, base });
}

function tooMany(size: number, lengths: readonly number[], limit: number): Issue {
  return {
    code: 'too_many_combinations', path: 'optimization_ranges',
    message: `make a grid of ${formatCount(size)} combinations (${lengths.join(' × ')}), over the limit of ${formatCount(limit)}; shorten the lists, raise the limit with --max-combinations ${size}, or sample with --method random --n-iter N`,
  };
}

/**
 * `leverage` is the one portfolio setting an optimization can range over (docs/futures.md): its
 * values sit in the parameter set like a strategy parameter, and the evaluator moves them to the
 * portfolio (`splitLeverage`). Strategies never read it.
 */
export const LEVERAGE_KEY = 'leverage';

/** A combination's leverage (absent when not ranged) and the strategy parameters without it. */
export function splitLeverage<P extends object>(p: P): { params: P; leverage: number | undefined } {
  if (!Object.hasOwn(p, LEVERAGE_KEY)) return { params: p, leverage: undefined };
  const { [LEVERAGE_KEY]: leverage, ...rest } = p as Record<string, unknown>;
  return { params: rest as P, leverage: leverage as number };
}

function parseLeverage(path: string, list: readonly unknown[], issues: Issue[]): ParamValue[] | null {
  const before = issues.length;
  const out: number[] = [];
  list.forEach((v, i) => {
    if (typeof v !== 'number' || !(v >= 1 && v <= 125)) issues.push({ code: 'invalid_leverage', path: `${path}[${i}]`, message: `${JSON.stringify(v)}: leverage must be a number from 1 to 125` });
    else if (out.includes(v)) issues.push({ code: 'duplicate_value', path: `${path}[${i}]`, message: `${v} is listed twice; list each value once` });
    else out.push(v);
  });
  return issues.length > before ? null : out;
}

/** Validates each value of one range through the strategy's parser; null when any is bad. Linear in the list length. */
function parseValues<P extends object>(
  def: StrategyDefinition<P>, base: P, key: string, path: string, list: readonly unknown[], known: readonly string[], issues: Issue[],
): ParamValue[] | null {
  const out: ParamValue[] = [];
  const seen = new Set<ParamValue>();
  const before = issues.length;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    const at = `${path}[${i}]`;
    if (!(typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') || (typeof v === 'number' && !Number.isFinite(v))) {
      issues.push({ code: 'invalid_type', path: at, message: `${JSON.stringify(v) ?? String(v)} is not a number, string or boolean` });
      continue;
    }
    const r = def.parseParams({ ...(base as Record<string, unknown>), [key]: v });
    if (!r.ok) {
      if (r.issues.some((x) => x.code === 'unknown_key')) {
        issues.push({ code: 'unknown_key', path, message: `${key} is not a parameter of ${def.name}${known.length ? ` (known: ${known.join(', ')})` : ''}` });
        return null;
      }
      const own = r.issues.filter((x) => x.path === key || x.path.startsWith(`${key}.`));
      for (const x of own.length > 0 ? own : r.issues) issues.push({ code: x.code, path: at, message: `${JSON.stringify(v)}: ${x.message}` });
      continue;
    }
    const nv = (r.value as Record<string, unknown>)[key] as ParamValue;
    if (seen.has(nv)) {
      issues.push({ code: 'duplicate_value', path: at, message: `${JSON.stringify(v)} is listed twice; list each value once` });
      continue;
    }
    seen.add(nv);
    out.push(nv);
  }
  return issues.length > before ? null : out;
}

/** Writes the digit (value position) of each key for grid index `g` into `digits`. */
export function gridDigits(space: ParamSpace<any>, g: number, digits: Int32Array | number[]): void {
  let rest = g;
  for (let k = space.keys.length - 1; k >= 0; k--) {
    const n = space.values[k].length;
    digits[k] = rest % n;
    rest = Math.floor(rest / n);
  }
}

/** The value of each range key at grid index `g`, in key order. */
export function gridValues(space: ParamSpace<any>, g: number): ParamValue[] {
  // An Int32Array like every other caller's digits, so `gridDigits` sees one kind of array.
  const d = new Int32Array(space.keys.length);
  gridDigits(space, g, d);
  return Array.from(d, (x, k) => space.values[k][x]);
}

/** The full parameter set at grid index `g`: the base with each range key set (no re-parsing needed: each value was parsed). */
export function paramsAt<P extends object>(space: ParamSpace<P>, g: number): P {
  const p: Record<string, unknown> = { ...(space.base as Record<string, unknown>) };
  let rest = g;
  for (let k = space.keys.length - 1; k >= 0; k--) {
    const vals = space.values[k];
    p[space.keys[k]] = vals[rest % vals.length];
    rest = Math.floor(rest / vals.length);
  }
  return p as P;
}
