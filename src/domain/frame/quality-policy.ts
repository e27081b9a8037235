import { fail, ok, type Issue, type Result } from '../../base/result.js';
import type { OhlcvColumns } from './frame.js';
import { ROW, scanRows, type RowScan } from './quality.js';
import type { DataQualityReport, QualityAction, QualityCheck, QualityFinding } from './quality-types.js';
import { isTimeframe } from './timeframe.js';

/** What to do per check (docs/data.md "Data quality"). */
export type QualityPolicy = Readonly<Record<QualityCheck, QualityAction>>;

/**
 * The default: bad data stops the run (never silently repaired); identical duplicate rows are
 * dropped and counted (nothing is lost); gaps and zero-volume bars are reported only.
 */
export const DEFAULT_QUALITY_POLICY: QualityPolicy = {
  out_of_order: 'stop',
  duplicate_conflict: 'stop',
  duplicate_same: 'drop',
  misaligned_time: 'stop',
  non_positive_price: 'stop',
  absurd_price: 'stop',
  ohlc_inconsistent: 'stop',
  negative_volume: 'stop',
  zero_volume: 'warn',
  gap: 'warn',
};

/**
 * The policy behind `--on-bad-data stop|drop|warn`: the checks that stop by default take that
 * action; gaps, zero volume and identical duplicates keep their defaults.
 */
export function qualityPolicyFromFlag(onBadData: QualityAction): QualityPolicy {
  const p: Record<QualityCheck, QualityAction> = { ...DEFAULT_QUALITY_POLICY };
  for (const k of Object.keys(p) as QualityCheck[]) if (DEFAULT_QUALITY_POLICY[k] === 'stop') p[k] = onBadData;
  return p;
}

const WHAT: Record<QualityCheck, readonly [string, string]> = {
  gap: ['missing candle', 'missing candles'],
  duplicate_same: ['identical duplicate row', 'identical duplicate rows'],
  duplicate_conflict: ['row sharing a timestamp with different values', 'rows sharing a timestamp with different values'],
  non_positive_price: ['bar with a zero, negative or missing price', 'bars with a zero, negative or missing price'],
  ohlc_inconsistent: ['bar with high < max(open, close), low > min(open, close) or high < low',
    'bars with high < max(open, close), low > min(open, close) or high < low'],
  absurd_price: ['bar with an absurd price (above 1e12, below 1e-12, or over 1,000× away from its neighbours)',
    'bars with an absurd price (above 1e12, below 1e-12, or over 1,000× away from its neighbours)'],
  zero_volume: ['bar with zero volume', 'bars with zero volume'],
  misaligned_time: ['bar whose time is not on the timeframe grid', 'bars whose time is not on the timeframe grid'],
  out_of_order: ['row out of time order', 'rows out of time order'],
  negative_volume: ['bar with negative or missing volume', 'bars with negative or missing volume'],
};

const what = (c: QualityCheck, k: number) => `${k} ${WHAT[c][k === 1 ? 0 : 1]}`;

const ALLOW: Record<QualityCheck, string> = {
  gap: 'gaps cannot be filled honestly; use a source without them, or let the policy for gaps be warn',
  zero_volume: 'let the policy for zero volume be warn (report only) or drop',
  duplicate_same: 'rerun with --on-bad-data drop (or warn) to keep one copy of each',
  duplicate_conflict: 'fix the file, or rerun with --on-bad-data drop to drop every row of those timestamps',
  out_of_order: 'sort the file, or rerun with --on-bad-data warn to sort the rows (drop drops the rows that go back in time)',
  misaligned_time: 'check the timeframe, or rerun with --on-bad-data drop to drop these bars (warn keeps them)',
  non_positive_price: 'fix the file, or rerun with --on-bad-data drop to drop these bars',
  ohlc_inconsistent: 'fix the file, or rerun with --on-bad-data drop to drop these bars (warn keeps them)',
  absurd_price: 'fix the file, or rerun with --on-bad-data drop to drop these bars (warn keeps them, and they will distort every result)',
  negative_volume: 'fix the file, or rerun with --on-bad-data drop to drop these bars (warn keeps them)',
};

/** One line for the console/log: `gap: 121 missing candles in 26 gaps, e.g. 2018-01-04T04:00:00Z: 1 candle missing; …`. */
export function describeFinding(f: QualityFinding): string {
  const times = f.check === 'gap' ? ` in ${f.occurrences} gap${f.occurrences > 1 ? 's' : ''}` : '';
  const eg = f.examples.map((e) => `${e.time}: ${e.note}`).join('; ');
  return `${f.check}: ${what(f.check, f.count)}${times}${eg ? `, e.g. ${eg}` : ''}`;
}

/** The outcome of a policy: the columns to use and what was done to get them. */
export interface PolicyOutcome {
  readonly cols: OhlcvColumns;
  readonly dropped: number;
  /** What was dropped or sorted, one sentence each. */
  readonly notes: readonly string[];
}

function gather(cols: OhlcvColumns, rows: Int32Array): OhlcvColumns {
  const pick = (c: Float64Array) => {
    const out = new Float64Array(rows.length);
    for (let j = 0; j < rows.length; j++) out[j] = c[rows[j]];
    return out;
  };
  return { time: pick(cols.time), open: pick(cols.open), high: pick(cols.high),
    low: pick(cols.low), close: pick(cols.close), volume: pick(cols.volume) };
}

/**
 * Applies `policy` to columns checked by `checkFrame` (same columns, same order). Any finding whose
 * action is `stop` fails with one issue per such check, naming it, its count, the first examples
 * and how to allow it. Otherwise rows are dropped per `drop` actions; rows a frame cannot keep are
 * dropped under `warn` too (later identical copies; every row of a conflicting timestamp); `warn`
 * on `out_of_order` sorts the rows by time (stable). `gap: drop` acts as `warn` (there is nothing
 * to drop). Returns the input columns untouched when nothing changes. `scan`: the row scan the
 * report was made from (`checkFrameRows`), so the rows are not scanned a second time.
 */
export function applyQualityPolicy(cols: OhlcvColumns, report: DataQualityReport, policy: QualityPolicy, scan?: RowScan): Result<PolicyOutcome> {
  const stops: Issue[] = report.findings.filter((f) => policy[f.check] === 'stop').map((f) => ({
    code: f.check,
    path: `${report.symbol} ${report.timeframe}`,
    message: `${describeFinding(f)}. Bad data is never repaired silently: ${ALLOW[f.check]}.`,
  }));
  if (stops.length > 0) return fail(stops);
  if (report.findings.length === 0) return ok({ cols, dropped: 0, notes: [] });
  if (!isTimeframe(report.timeframe)) throw new RangeError(`unknown timeframe ${report.timeframe}`);
  const { flags } = scan ?? scanRows(cols, report.timeframe);
  let dropMask = ROW.dupSame | ROW.dupConflict;
  const bits: [QualityCheck, number][] = [['non_positive_price', ROW.nonPositive], ['absurd_price', ROW.absurd], ['ohlc_inconsistent', ROW.ohlc],
    ['zero_volume', ROW.zeroVolume], ['negative_volume', ROW.negativeVolume], ['misaligned_time', ROW.misaligned],
    ['out_of_order', ROW.outOfOrder]];
  for (const [check, bit] of bits) if (policy[check] === 'drop') dropMask |= bit;
  const n = cols.time.length;
  const keep = new Int32Array(n);
  let m = 0;
  const droppedBy = new Map<QualityCheck, number>();
  for (let i = 0; i < n; i++) {
    const hit = flags[i] & dropMask;
    if (hit === 0) { keep[m++] = i; continue; }
    const why: QualityCheck = hit & ROW.dupSame ? 'duplicate_same' : hit & ROW.dupConflict ? 'duplicate_conflict'
      : bits.find(([, b]) => hit & b)![0];
    droppedBy.set(why, (droppedBy.get(why) ?? 0) + 1);
  }
  const rows = keep.subarray(0, m);
  const toSort = policy.out_of_order === 'warn' && report.findings.some((f) => f.check === 'out_of_order');
  if (toSort) rows.sort((a, b) => cols.time[a] - cols.time[b] || a - b);
  for (let j = 1; j < m; j++) {
    if (!(cols.time[rows[j]] > cols.time[rows[j - 1]])) {
      return fail([{ code: 'not_increasing', path: report.symbol, message: 'times are still not strictly increasing after applying the data policy' }]);
    }
  }
  const notes = [...droppedBy].map(([c, k]) => `dropped ${what(c, k)}`);
  if (toSort) notes.push('sorted the rows by time (they were out of order)');
  if (m === n && !toSort) return ok({ cols, dropped: 0, notes });
  return ok({ cols: gather(cols, rows), dropped: n - m, notes });
}
