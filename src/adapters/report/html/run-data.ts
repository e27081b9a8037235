/**
 * The data several pages of one run folder draw (bar times, equity, buy-and-hold, the trade
 * columns), stored once in `report-data.js` beside the pages instead of once per page. A page that
 * uses it loads the file with a relative `<script src>` (a script, not a JSON file, because
 * browsers do not let a page opened from file:// read a file next to it) and names what it takes
 * from it (`"run": {"columns": [...], "data": [...]}` in its payload). Written only beside pages
 * that load their libraries as files: `--single-file` pages (library `inline`) hold all their
 * data themselves. A decimated page (decimate.ts) keeps its own bars, so shares no bar-aligned column.
 */
import { compactWhole, type ColumnJson, type ColumnSource } from './columns.js';
import { jsonForScript } from './escape.js';
import type { PageSpec } from './layout.js';

/** The shared data file, in the pages' folder. */
export const RUN_DATA_FILE = 'report-data.js';

/** The global the file defines; the client runtime reads it. */
export const RUN_DATA_GLOBAL = '__backtesterRunData';

export class RunData implements ColumnSource {
  private constructor(
    private readonly columns: ReadonlyMap<string, ArrayLike<number>>,
    private readonly data: ReadonlyMap<string, unknown>,
  ) {}

  /**
   * What at least two of `pages` would otherwise each hold: whole columns registered under the same
   * name with the same array, and payload entries (`PageSpec.data`) that are the same object.
   */
  static of(pages: readonly PageSpec[]): RunData {
    const columns = shared(pages.map((p) => p.columns.shareable()));
    const data = shared(pages.map((p) => Object.entries(p.data ?? {})));
    return new RunData(columns, data);
  }

  get empty(): boolean {
    return this.columns.size === 0 && this.data.size === 0;
  }

  holds(name: string, values: ArrayLike<number>): boolean {
    return this.columns.get(name) === values;
  }

  holdsData(key: string, value: unknown): boolean {
    return this.data.has(key) && this.data.get(key) === value;
  }

  /**
   * The file's text: a comment line saying whose data it is (`about`; a comment end in it is
   * broken up), then `window.__backtesterRunData = {"columns": {...}, ...data};`.
   */
  script(about = ''): string {
    const columns: Record<string, ColumnJson> = {};
    for (const name of [...this.columns.keys()].sort()) columns[name] = compactWhole(this.columns.get(name) as ArrayLike<number>);
    const body = { columns, ...Object.fromEntries([...this.data.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    const head = about ? `/* ${about.replace(/\*\//g, '* /')} */\n` : '';
    return `${head}window.${RUN_DATA_GLOBAL} = ${jsonForScript(body)};\n`;
  }
}

/** The entries found, with the same value, on at least two of the lists (a name with different values on two lists is never shared). */
function shared<T>(lists: readonly (readonly [string, T])[][]): Map<string, T> {
  const seen = new Map<string, { value: T; count: number } | null>();
  for (const list of lists) {
    for (const [key, value] of list) {
      const s = seen.get(key);
      if (s === undefined) seen.set(key, { value, count: 1 });
      else if (s !== null) {
        if (s.value === value) s.count++;
        else seen.set(key, null);
      }
    }
  }
  const out = new Map<string, T>();
  for (const [key, s] of seen) if (s !== null && s.count >= 2) out.set(key, s.value);
  return out;
}
