/**
 * Page data written compactly (the CSV files keep every value at full precision):
 * - every value is rounded to 8 significant digits of its column's largest magnitude (a price
 *   column reaching 44,000 keeps 0.001; a return column reaching 1.5 keeps 1e-8), far below what a
 *   chart or a tooltip shows (2 decimals of a price above 1,000, 2 decimals of a percentage), and
 *   the shortest JSON form of the rounded value is written (`100131.88` instead of
 *   `100131.88406060135`);
 * - a column of evenly spaced values (bar times) is written as runs `{ $runs: [[first, step,
 *   count], ...] }` that the client runtime expands, one run per gap instead of 14 bytes a bar;
 * - other integer columns (trade and signal times) as steps `{ $steps: [first, unit, [d1, d2,
 *   ...]] }`: each value is the previous one plus `d × unit` (unit: the greatest common divisor of
 *   the differences, e.g. 60,000 ms on 1m bars), a few bytes per value instead of 14.
 */

/** Significant digits kept, relative to the column's largest magnitude. */
export const PAGE_DIGITS = 8;

/** A column as runs of constant step: `[first, step, count]` each. */
export interface RunsColumn {
  readonly $runs: readonly (readonly [number, number, number])[];
}

/**
 * The decimals PAGE_DIGITS significant digits of the column's largest finite magnitude keep
 * (negative: tens, hundreds …); null when no value is finite and non-zero.
 */
function columnDecimals(values: ArrayLike<number>): number | null {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > max && a !== Infinity) max = a;
  }
  return max === 0 ? null : PAGE_DIGITS - 1 - Math.floor(Math.log10(max));
}

/** `values` rounded to PAGE_DIGITS significant digits of the column's largest finite magnitude (NaN stays NaN). */
export function roundColumn(values: ArrayLike<number>): number[] {
  return roundWith(values, columnDecimals(values));
}

/** Below this magnitude `v × 10^d` has an error under 2^-52 of itself, so a fraction clear of .5 rounds as toFixed does. */
const EXACT_PRODUCT = 2 ** 52;

/**
 * `Number(v.toFixed(decimals))` (decimals 1–100), without building a string where the result
 * cannot differ: with 10^decimals exact (decimals ≤ 22) and `p = v × 10^decimals` clear of a
 * half by more than its rounding error, `Math.round(p)` is toFixed's integer and `Math.round(p) /
 * 10^decimals` (a correctly rounded division of two exact numbers) is the double nearest the
 * decimal toFixed writes, as Number() reads it. Ties and the rest go through toFixed.
 */
function roundWith(values: ArrayLike<number>, decimals: number | null): number[] {
  const out = new Array<number>(values.length);
  if (decimals === null || decimals > 100) { // nothing to round, or beyond what toFixed writes: keep as is
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
  if (decimals <= 0) {
    const unit = 10 ** -decimals;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      out[i] = Number.isFinite(v) ? Math.round(v / unit) * unit : v;
    }
    return out;
  }
  const unit = 10 ** decimals;
  const exactUnit = decimals <= 22;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // The short path in the loop itself (a cold process runs this loop interpreted, where a call per value costs).
    if (v === 0) { out[i] = 0; continue; } // toFixed writes -0 as "0"
    if (exactUnit) {
      const p = v * unit;
      if (Math.abs(p) < EXACT_PRODUCT && Math.abs(p - Math.floor(p) - 0.5) > Math.abs(p) * 2 ** -51) { out[i] = Math.round(p) / unit; continue; }
    }
    out[i] = Number.isFinite(v) ? Number(v.toFixed(decimals)) : v;
  }
  return out;
}

/**
 * The runs of an evenly stepped column, or null when runs would not save much (fewer than 64
 * values, more than one run per 8 values, or a value that is not a finite integer).
 */
export function asRuns(values: ArrayLike<number>): RunsColumn | null {
  const n = values.length;
  if (n < 64) return null;
  const runs: [number, number, number][] = [];
  let i = 0;
  while (i < n) {
    const first = values[i];
    if (!Number.isSafeInteger(first)) return null;
    if (i + 1 === n) { runs.push([first, 0, 1]); break; }
    const step = values[i + 1] - first;
    let j = i + 1;
    while (j + 1 < n && Number.isSafeInteger(values[j]) && values[j + 1] - values[j] === step) j++;
    if (!Number.isSafeInteger(values[j])) return null;
    runs.push([first, step, j - i + 1]);
    if (runs.length > n / 8) return null;
    i = j + 1;
  }
  return { $runs: runs };
}

/** An integer column as steps from its first value: `[first, unit, deltas in units]`. */
export interface StepsColumn {
  readonly $steps: readonly [number, number, readonly number[]];
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return Math.abs(a);
}

/** The steps of a column of safe integers (at least 2 values), or null (a value that is not a safe integer). */
export function asSteps(values: ArrayLike<number>): StepsColumn | null {
  const n = values.length;
  if (n < 2) return null;
  let unit = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isSafeInteger(values[i])) return null;
    if (i > 0) unit = gcd(unit, values[i] - values[i - 1]);
  }
  if (unit === 0) unit = 1;
  const d = new Array<number>(n - 1);
  for (let i = 1; i < n; i++) d[i - 1] = (values[i] - values[i - 1]) / unit;
  return { $steps: [values[0], unit, d] };
}

/**
 * A rounded column packed as text `{ $p: [decimals, text] }` or `{ $p: [decimals, text, 2] }`:
 * value i is `k_i / 10^decimals` (or `k_i × 10^-decimals`) for integers k written, in order, as
 * items in base-64 digits of 5 bits with a continuation bit (`A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_`,
 * low digit first), each item zigzag-signed (0, −1, 1, −2 … → 0, 1, 2, 3 …):
 * - order 1 (no third element): an item is the difference from the previous k (the first from 0);
 * - order 2 (smooth lines such as moving averages): the first item is the first k, each later one
 *   the change of the difference (`k_i − 2k_{i−1} + k_{i−2}`, the step before the second value
 *   taken as 0), so a steady slope costs one character a value;
 * - `.` is a missing value (NaN, ±∞; null in JSON), which changes neither the previous k nor the step;
 * - `~` followed by a count n (the same digits, not zigzagged) repeats the item before it n more
 *   times (a flat stretch, a steady slope, a run of missing values).
 * A column is packed at order 1; a smooth line (a moving average: `PackHow.smooth`) at order 2
 * where that is shorter over its first 1,024 values. A smooth or flat column costs 1–3 characters a value instead of 8–12.
 * The values the client decodes are exactly roundColumn's.
 *
 * A column packed next to another one (`{ $p: [decimals, text, order, name] }`, e.g. the open
 * next to the close) holds, in place of each k, its difference from the other column's value
 * one bar earlier as an integer of this column's unit (`round(other[i−1] × 10^decimals)`, or
 * `÷ 10^-decimals`; 0 for the first bar or a missing one), packed at order 0 (the differences
 * themselves). A bar's open is usually the previous close, so it costs one character.
 */
export interface PackedColumn {
  readonly $p: readonly [number, string] | readonly [number, string, 2] | readonly [number, string, 0 | 1 | 2, string];
}

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Whether some k is a non-zero number and every number among k is a multiple of 10. */
function allTens(k: Float64Array): boolean {
  let some = false;
  for (let i = 0; i < k.length; i++) {
    const x = k[i];
    if (x !== x) continue;
    if (x % 10 !== 0) return false;
    if (x !== 0) some = true;
  }
  return some;
}

/** Base-64 digits of a non-negative integer below 2^55 (5 bits each). */
function digitCount(z: number): number {
  if (z < 32) return 1;
  if (z < 1024) return 2;
  if (z < 32768) return 3;
  let n = 4;
  for (z = Math.floor(z / 1048576); z > 0; z = Math.floor(z / 32)) n++;
  return n;
}

/**
 * The items of `k` at `order` (see PackedColumn), zigzagged; a missing value (NaN) is -1. One small
 * loop per order: in a cold process, a loop that meets a branch it has not run before is
 * deoptimised and compiled again, and one loop for all orders was compiled about eight times.
 */
function items(k: Float64Array, order: 0 | 1 | 2): Float64Array {
  return order === 0 ? itemsOfValues(k) : order === 1 ? itemsOfSteps(k) : itemsOfStepChanges(k);
}

function itemsOfValues(k: Float64Array): Float64Array {
  const out = new Float64Array(k.length);
  for (let i = 0; i < k.length; i++) {
    const x = k[i];
    out[i] = x !== x ? -1 : x >= 0 ? 2 * x : -2 * x - 1;
  }
  return out;
}

function itemsOfSteps(k: Float64Array): Float64Array {
  const out = new Float64Array(k.length);
  let prev = 0;
  for (let i = 0; i < k.length; i++) {
    const x = k[i];
    if (x !== x) { out[i] = -1; continue; }
    const d = x - prev;
    prev = x;
    out[i] = d >= 0 ? 2 * d : -2 * d - 1;
  }
  return out;
}

function itemsOfStepChanges(k: Float64Array): Float64Array {
  const out = new Float64Array(k.length);
  let prev = 0, step = 0, first = true;
  for (let i = 0; i < k.length; i++) {
    const x = k[i];
    if (x !== x) { out[i] = -1; continue; }
    const s = first ? 0 : x - prev;
    const d = first ? x : s - step;
    step = s;
    prev = x;
    first = false;
    out[i] = d >= 0 ? 2 * d : -2 * d - 1;
  }
  return out;
}

/** Whether `more` further copies of an item of `cost` characters are shorter as `~more`. */
function repeated(cost: number, more: number): boolean {
  return more > 0 && 1 + digitCount(more) < more * cost;
}

/** The text length of the items `z`, runs written as `~n` where shorter (no call per single item: see writeOrder). */
function textLength(z: Float64Array): number {
  let len = 0;
  for (let i = 0; i < z.length;) {
    const item = z[i];
    let j = i + 1;
    while (j < z.length && z[j] === item) j++;
    const cost = item < 32 ? 1 : item < 1024 ? 2 : item < 32768 ? 3 : digitCount(item);
    len += j - i === 1 ? cost : repeated(cost, j - i - 1) ? cost + 1 + digitCount(j - i - 1) : cost * (j - i);
    i = j;
  }
  return len;
}

/** Writes the digits of `v` at `at`; returns the position after them. */
function putDigits(bytes: Uint8Array, at: number, v: number): number {
  do {
    const low = v % 32;
    v = Math.floor(v / 32);
    bytes[at++] = DIGIT_CODES[low + (v > 0 ? 32 : 0)];
  } while (v > 0);
  return at;
}

/**
 * The text of the items `z` (at most 11 characters an item: |zigzag| < 2^55). No function call
 * per single item, and items below 2^30 (nearly all) take their digits with small-integer
 * operations: a cold process runs this in V8's interpreter first, where every call boxes its
 * number arguments and `Math.floor(v / 32)` on a double allocates (then garbage collection).
 */
function writeItems(z: Float64Array): string {
  const bytes = new Uint8Array(z.length * 11);
  const n = z.length;
  let at = 0;
  let i = 0;
  while (i < n) {
    const item = z[i];
    let j = i + 1;
    while (j < n && z[j] === item) j++;
    const count = j - i;
    i = j;
    if (item < 0) {
      if (count > 1 && repeated(1, count - 1)) { bytes[at++] = DOT; bytes[at++] = TILDE; at = putDigits(bytes, at, count - 1); }
      else for (let r = 0; r < count; r++) bytes[at++] = DOT;
      continue;
    }
    if (count > 1 && repeated(digitCount(item), count - 1)) {
      at = putDigits(bytes, at, item);
      bytes[at++] = TILDE;
      at = putDigits(bytes, at, count - 1);
      continue;
    }
    for (let r = 0; r < count; r++) {
      if (item < 1073741824) {
        let v = item | 0;
        while (v >= 32) { bytes[at++] = DIGIT_CODES[(v & 31) | 32]; v >>>= 5; }
        bytes[at++] = DIGIT_CODES[v];
      } else at = putDigits(bytes, at, item);
    }
  }
  return Buffer.from(bytes.buffer, 0, at).toString('latin1');
}

/** Values of a smooth column on which its order is chosen. */
const ORDER_SAMPLE = 1_024;

/** How a column is packed: next to another column (its values as the page holds them, rounded, and its name), or as a smooth line. */
export interface PackHow {
  readonly next?: { readonly name: string; readonly rounded: ArrayLike<number> };
  /** A smooth line (moving average …): second differences are tried too. */
  readonly smooth?: boolean;
}

/**
 * The packed form of `values` rounded as roundColumn rounds it, or null when it cannot be exact
 * (|decimals| > 22). With `how.next`, packed next to that column (see PackedColumn), or null when
 * that cannot be exact.
 */
export function packColumn(values: ArrayLike<number>, how: PackHow = {}): PackedColumn | null {
  // Each step a small function of its own: a cold process compiles (and after a deoptimisation
  // recompiles) small loops far faster than one large function.
  const { next, smooth } = how;
  const packed = packedIntegers(values);
  if (packed === null) return null;
  const { k, decimals } = packed;
  let largest = packed.largest;
  if (next !== undefined) {
    if (next.rounded.length !== k.length || largest >= 2 ** 50) return null;
    largest = minusPrevious(k, next.rounded, decimals);
    if (largest < 0) return null;
  }
  // The order: 0 next to another column; for a smooth column (moving averages) the shorter of 1
  // and 2, where every second difference (and its zigzag) is an exact double (|k| < 2^50); else 1.
  // (Trying both on every column cost a cold CLI process about as much time as all the packing.)
  let order: 0 | 1 | 2 = next ? 0 : 1;
  if (!next && smooth && k.length >= 3 && largest < 2 ** 50) {
    // Judged on the first ORDER_SAMPLE values (the rest is the same kind of line): measuring the
    // whole column both ways cost a cold process more than writing it.
    const head = k.subarray(0, ORDER_SAMPLE);
    if (textLength(items(head, 2)) < textLength(items(head, 1))) order = 2;
  }
  const text = writeItems(items(k, order));
  if (next) return { $p: [decimals, text, order, next.name] };
  return { $p: order === 2 ? [decimals, text, 2] : [decimals, text] };
}

/**
 * The integers k of `values` rounded as roundColumn rounds them (NaN for a missing value), with
 * the fewest decimals that keep them whole (prices on a 0.01 tick: cents), and the largest |k|;
 * null when that cannot be exact (|decimals| > 22, or a k the client would read back differently).
 */
function packedIntegers(values: ArrayLike<number>): { k: Float64Array; decimals: number; largest: number } | null {
  const columnDigits = columnDecimals(values);
  let decimals = columnDigits ?? 0;
  if (Math.abs(decimals) > 22) return null;
  const rounded = roundWith(values, columnDigits);
  const k = integersAt(rounded, decimals);
  while (decimals > -22 && allTens(k)) {
    divideByTen(k);
    decimals--;
  }
  const largest = checkedLargest(k, rounded, decimals);
  return largest < 0 ? null : { k, decimals, largest };
}

/** `rounded × 10^decimals` (or `÷ 10^-decimals`) as integers; NaN for a value that is not finite. */
function integersAt(rounded: readonly number[], decimals: number): Float64Array {
  const s = 10 ** Math.abs(decimals);
  const k = new Float64Array(rounded.length);
  for (let i = 0; i < k.length; i++) {
    const v = rounded[i];
    k[i] = Number.isFinite(v) ? Math.round(decimals >= 0 ? v * s : v / s) : NaN;
  }
  return k;
}

function divideByTen(k: Float64Array): void {
  for (let i = 0; i < k.length; i++) k[i] /= 10;
}

/** The largest |k|, or -1 when a k is not a safe integer or does not read back as its rounded value. */
function checkedLargest(k: Float64Array, rounded: readonly number[], decimals: number): number {
  const s = 10 ** Math.abs(decimals);
  const up = decimals >= 0;
  let largest = 0;
  for (let i = 0; i < k.length; i++) {
    const x = k[i];
    if (x !== x) continue;
    if (!Number.isSafeInteger(x) || (up ? x / s : x * s) !== rounded[i]) return -1;
    if (Math.abs(x) > largest) largest = Math.abs(x);
  }
  return largest;
}

/**
 * Subtracts from each k the other column's value one bar earlier in this column's unit, as the
 * client computes it (0 for the first bar or a missing value); returns the largest |k| after, or
 * -1 when an other value is too large to be exact.
 */
function minusPrevious(k: Float64Array, other: ArrayLike<number>, decimals: number): number {
  const s = 10 ** Math.abs(decimals);
  const up = decimals >= 0;
  let largest = 0;
  for (let i = k.length - 1; i >= 0; i--) {
    const b = i > 0 ? other[i - 1] : NaN;
    const kb = Number.isFinite(b) ? Math.round(up ? b * s : b / s) : 0;
    if (Math.abs(kb) >= 2 ** 50) return -1;
    k[i] -= kb;
    if (Math.abs(k[i]) > largest) largest = Math.abs(k[i]);
  }
  return largest;
}

const DIGIT_CODES = Uint8Array.from(DIGITS, (c) => c.charCodeAt(0));
const DOT = '.'.charCodeAt(0);
const TILDE = '~'.charCodeAt(0);

function ascending(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i] >= values[i - 1])) return false;
  return true;
}

/** Shorter columns are written as plain rounded values (little to gain, easier to read). */
const COMPACT_FROM = 64;

/**
 * The JSON form of one page column: runs when evenly stepped, steps when an ascending column of
 * integers (the bar times a decimated page keeps), else the rounded values packed (or, when they
 * cannot be packed exactly, as a JSON array). Columns of fewer than 64 values: the rounded values.
 */
export function compactColumn(values: ArrayLike<number>, how: PackHow = {}): number[] | RunsColumn | StepsColumn | PackedColumn {
  if (values.length < COMPACT_FROM) return roundColumn(values);
  return asRuns(values) ?? (ascending(values) ? asSteps(values) : null) ?? (how.next ? packColumn(values, how) : null)
    ?? packColumn(values, { smooth: how.smooth }) ?? roundColumn(values);
}

/** The values a page holds for `values` once its compactColumn form is decoded: exact when runs or steps, else rounded. */
export function heldValues(values: ArrayLike<number>): ArrayLike<number> {
  if (values.length >= COMPACT_FROM && (asRuns(values) !== null || (ascending(values) && asSteps(values) !== null))) return values;
  return roundColumn(values);
}

/** The JSON form of a column of times (ms): runs, steps, or (a value that is not an integer) the rounded values. */
export function compactTimes(values: ArrayLike<number>): number[] | RunsColumn | StepsColumn {
  return asRuns(values) ?? asSteps(values) ?? roundColumn(values);
}
