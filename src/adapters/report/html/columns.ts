/**
 * Page data: named numeric columns stored once per page and referenced from chart options as
 * `{ $rows: ['time', 'equity'] }` (expanded to `[[t0, e0], [t1, e1], ...]` in the browser), and
 * named client functions referenced as `{ $fn: 'axis', ... }`. This keeps bar times out of every
 * series (one copy per page) and lets option builders stay plain data.
 */

import { compactColumn, heldValues, type PackedColumn, type RunsColumn, type StepsColumn } from './compact-column.js';
import { DECIMATE_ABOVE, decimationIndex, pick } from './decimate.js';

/** A column's JSON form on a page (compact-column.ts), or a column the browser derives from another (`DerivedColumn`). */
export type ColumnJson = number[] | RunsColumn | StepsColumn | PackedColumn | DerivedColumn;

/**
 * How the browser computes a derived column from its base column `from` (already rounded like
 * every page column), with `init` the initial cash: `ret` = base / init − 1 (cumulative return),
 * `under` = base / running peak − 1 with the peak starting at `init` (underwater curve).
 */
export type Derivation = 'ret' | 'under';

export interface DerivedColumn {
  readonly $from: readonly [from: string, kind: Derivation, init: number];
}

/**
 * Which columns a page takes from its run folder's shared data file (run-data.ts) instead of
 * holding them: `holds(name, values)` is true for a column stored there under that name.
 */
export interface ColumnSource {
  holds(name: string, values: ArrayLike<number>): boolean;
}

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

  private readonly derived = new Map<string, DerivedColumn>();

  private readonly nextTo = new Map<string, string>();

  /**
   * Registers `values` under `name` (the same name must always mean the same array). `smooth`
   * columns (moving averages and the like) do not pick the bars a decimated page keeps, and are
   * packed as second differences where shorter (compact-column.ts). A column
   * `nextTo` another one registered before (the open next to the close) is packed as its
   * differences from that column one bar earlier whenever that is exact (compact-column.ts).
   */
  put(name: string, values: ArrayLike<number>, o: { smooth?: boolean; nextTo?: string } = {}): string {
    const prev = this.cols.get(name);
    if (prev !== undefined && prev !== values) throw new Error(`report column "${name}" registered twice with different data`);
    if (o.nextTo !== undefined && !this.cols.has(o.nextTo)) throw new Error(`report column "${name}" packed next to "${o.nextTo}", which is not registered`);
    this.cols.set(name, values);
    if (o.smooth) this.smooth.add(name);
    if (o.nextTo !== undefined) this.nextTo.set(name, o.nextTo);
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
   * Registers `values` (what `kind` makes of the column `from`, registered before) under `name`.
   * The browser derives it from `from` (no bytes of its own), except `under` on a decimated page:
   * its running peak needs every bar, so there it is written like any column.
   */
  derive(name: string, values: ArrayLike<number>, from: string, kind: Derivation, init: number): string {
    if (!this.cols.has(from)) throw new Error(`report column "${name}" derived from "${from}", which is not registered`);
    this.put(name, values);
    this.derived.set(name, { $from: [from, kind, init] });
    return name;
  }

  /** Whether the page keeps every bar (decimate.ts: long runs keep the bars of 1,000 buckets). */
  whole(): boolean {
    return (this.cols.get('time')?.length ?? 0) <= DECIMATE_ABOVE;
  }

  /** The columns this page holds whole and as values (not derived): those a run's pages may share. */
  shareable(): [string, ArrayLike<number>][] {
    if (!this.whole()) return [];
    return [...this.cols.entries()].filter(([name]) => !this.derived.has(name));
  }

  /** The names of the columns the page takes from `source` (sorted). */
  fromSource(source: ColumnSource | null): string[] {
    if (source === null) return [];
    return this.shareable().filter(([name, v]) => source.holds(name, v)).map(([name]) => name).sort();
  }

  /**
   * Plain arrays for JSON (typed arrays would serialise as objects), written compactly
   * (compact-column.ts: rounded to 8 significant digits, times as runs or steps). Sorted by
   * name for stable output. On a long run the columns aligned with `time` are decimated
   * (decimate.ts). Derived columns of a whole page are written as their `$from`; the columns
   * `source` holds are left out (the page names them: `fromSource`).
   */
  toJSON(source: ColumnSource | null = null): Record<string, ColumnJson> {
    const out: Record<string, ColumnJson> = {};
    const n = this.cols.get('time')?.length ?? -1;
    const aligned = [...this.cols.entries()].filter(([name, v]) => v.length === n && name !== 'time' && !this.smooth.has(name)).map(([, v]) => v);
    const index = decimationIndex(n, aligned);
    const shared = new Set(this.fromSource(source));
    for (const name of [...this.cols.keys()].sort()) {
      if (shared.has(name)) continue;
      const v = this.cols.get(name) as ArrayLike<number>;
      // `ret` is per bar, so it is derived on a decimated page too; `under` needs every bar's peak.
      const derived = this.derived.get(name);
      const next = this.nextTo.get(name);
      const whole = !(index && v.length === n);
      if (derived && (index === null || derived.$from[1] === 'ret')) out[name] = derived;
      else if (next !== undefined) {
        // The other column as the page holds it: picked like this one, then as its compact form decodes.
        const other = this.cols.get(next) as ArrayLike<number>;
        const rounded = heldValues(whole || other.length !== n ? other : pick(other, index));
        out[name] = compactColumn(whole ? v : pick(v, index), { next: { name: next, rounded } });
      } else if (this.smooth.has(name)) out[name] = compactColumn(whole ? v : pick(v, index), { smooth: true });
      else out[name] = whole ? compactShared(v) : compactColumn(pick(v, index));
    }
    return out;
  }
}

/** The compact form of a whole column, shared by the pages of a run while their reports are written (`withColumnMemo`). */
export function compactWhole(values: ArrayLike<number>): ColumnJson {
  return compactShared(values);
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
