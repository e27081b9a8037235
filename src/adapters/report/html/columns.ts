/**
 * Page data: named numeric columns stored once per page and referenced from chart options as
 * `{ $rows: ['time', 'equity'] }` (expanded to `[[t0, e0], [t1, e1], ...]` in the browser), and
 * named client functions referenced as `{ $fn: 'axis', ... }`. This keeps bar times out of every
 * series (one copy per page) and lets option builders stay plain data.
 */

import { compactColumn, type PackedColumn, type RunsColumn, type StepsColumn } from './compact-column.js';
import { decimationIndex, pick } from './decimate.js';

/** A reference to rows built from named columns, in order. */
export interface RowsRef {
  readonly $rows: readonly string[];
}

/** A reference to a client-side function (tooltip/label formatter), with its settings. */
export interface FnRef {
  readonly $fn: string;
  readonly [setting: string]: unknown;
}

export function fn(name: string, settings: Record<string, unknown> = {}): FnRef {
  return { $fn: name, ...settings };
}

/**
 * Lines-series data (`{ coords: [[entry time, level], [exit time, level]] }`) built in the browser
 * from the page's `trades` payload (trade-rows.ts `tradeColumns`): one segment per trade from its
 * entry to its exit time at the level `trades[i][key]`, for trades that have one. The levels then
 * cost no bytes beyond the trade columns.
 */
export interface TradeLevelsRef {
  readonly $tradeLevels: string;
}

export function tradeLevels(key: string): TradeLevelsRef {
  return { $tradeLevels: key };
}

/** Which trades a `$tradePoints` reference draws (the client's filter of the same name). */
export type TradeSet = 'long' | 'short' | 'exitWin' | 'exitLoss' | 'liquidation' | 'open' | 'win' | 'loss';

/**
 * Scatter data built in the browser from the page's `trades` columns: `[trade[x], trade[y],
 * tradeIndex]` for each trade of `of` whose x is defined, so the points cost no bytes beyond the
 * trade columns. Keys are those of the client's trade objects (`et`, `xt`, `ep`, `xp`, `ret`,
 * `mfe`, ...) plus `h` (hours held) and `nmae` (−mae). `exitWin` / `exitLoss`: the closed trades
 * not liquidated, by P&L (> 0 a win).
 */
export interface TradePointsRef {
  readonly $tradePoints: { readonly x: string; readonly y: string; readonly of: TradeSet };
}

export function tradePoints(of: TradeSet, x: string, y: string): TradePointsRef {
  return { $tradePoints: { x, y, of } };
}

/**
 * Compact forms already made for whole columns (not decimated picks), while at least one report
 * is being written (`withColumnMemo`): the pages of one run share columns (equity, drawdown, bar
 * times ...), and each would otherwise round and pack the same array again. Keyed by the array
 * itself, so it only holds while the arrays do not change: a result is not modified while its
 * reports are written, and the memo is dropped when the last writer finishes.
 */
let memo: WeakMap<ArrayLike<number>, ReturnType<typeof compactColumn>> | null = null;
let writers = 0;

/** Runs `write` with compact columns shared between the pages it renders (see `memo`). */
export async function withColumnMemo<T>(write: () => Promise<T>): Promise<T> {
  if (writers++ === 0) memo = new WeakMap();
  try {
    return await write();
  } finally {
    if (--writers === 0) memo = null;
  }
}

function compactShared(values: ArrayLike<number>): ReturnType<typeof compactColumn> {
  if (memo === null) return compactColumn(values);
  let c = memo.get(values);
  if (c === undefined) {
    c = compactColumn(values);
    memo.set(values, c);
  }
  return c;
}

/** The columns one page embeds. Values go out as JSON arrays (NaN → null). */
export class PageColumns {
  private readonly cols = new Map<string, ArrayLike<number>>();

  private readonly smooth = new Set<string>();

  /**
   * Registers `values` under `name` (the same name must always mean the same array). `smooth`
   * columns (moving averages and the like) do not pick the bars a decimated page keeps.
   */
  put(name: string, values: ArrayLike<number>, o: { smooth?: boolean } = {}): string {
    const prev = this.cols.get(name);
    if (prev !== undefined && prev !== values) throw new Error(`report column "${name}" registered twice with different data`);
    this.cols.set(name, values);
    if (o.smooth) this.smooth.add(name);
    return name;
  }

  /** `{ $rows: names }` after checking every name is registered. */
  rows(...names: string[]): RowsRef {
    for (const n of names) if (!this.cols.has(n)) throw new Error(`report column "${n}" is not registered`);
    return { $rows: names };
  }

  get(name: string): ArrayLike<number> | undefined {
    return this.cols.get(name);
  }

  /**
   * Plain arrays for JSON (typed arrays would serialise as objects), written compactly
   * (compact-column.ts: rounded to 8 significant digits, times as runs or steps). Sorted by
   * name for stable output. On a long run the columns aligned with `time` are decimated (decimate.ts).
   */
  toJSON(): Record<string, number[] | RunsColumn | StepsColumn | PackedColumn> {
    const out: Record<string, number[] | RunsColumn | StepsColumn | PackedColumn> = {};
    const n = this.cols.get('time')?.length ?? -1;
    const aligned = [...this.cols.entries()].filter(([name, v]) => v.length === n && name !== 'time' && !this.smooth.has(name)).map(([, v]) => v);
    const index = decimationIndex(n, aligned);
    for (const name of [...this.cols.keys()].sort()) {
      const v = this.cols.get(name) as ArrayLike<number>;
      out[name] = index && v.length === n ? compactColumn(pick(v, index)) : compactShared(v);
    }
    return out;
  }
}

function isRows(v: unknown): v is RowsRef {
  return typeof v === 'object' && v !== null && Array.isArray((v as RowsRef).$rows);
}

/** Expands a `$rows` reference into an array of rows (NaN stays NaN; ECharts draws a gap). */
export function expandRows(ref: RowsRef, cols: PageColumns): number[][] {
  const arrays = ref.$rows.map((n) => cols.get(n) as ArrayLike<number>);
  const len = Math.min(...arrays.map((a) => a.length));
  const out: number[][] = new Array(len);
  for (let i = 0; i < len; i++) out[i] = arrays.map((a) => a[i]);
  return out;
}

/**
 * Resolves `$rows` references in an option tree (server side, e.g. for the SVG renderer);
 * `$fn` references are replaced by `fns[name]` when given, else dropped.
 */
export function materialize(option: unknown, cols: PageColumns, fns: Record<string, unknown> = {}): unknown {
  if (Array.isArray(option)) return option.map((v) => materialize(v, cols, fns));
  if (typeof option !== 'object' || option === null) return option;
  if (isRows(option)) return expandRows(option, cols);
  if (typeof (option as FnRef).$fn === 'string') return fns[(option as FnRef).$fn];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(option)) {
    const m = materialize(v, cols, fns);
    if (m !== undefined) out[k] = m;
  }
  return out;
}
