/**
 * The optimizer's metrics in one pass over an equity curve: what `checkedReturnsSum`,
 * `drawdownScan` and `lowerTailPercentile` of the returns compute in three passes (those stay the
 * reference implementations; a property test holds this pass to them bit for bit).
 */
import { drawdownScan, DD_AVG_DEPTH, DD_LONGEST_BARS, DD_LONGEST_TIME, DD_MAX, DD_OPEN_AT_END, DD_PERIODS, DD_ULCER } from './drawdown.js';
import { lowerTailPercentile, quickselect, tailFromKept, FILTER_FAILED } from './percentile.js';
import { checkedReturnsSum, EQ_FINITE, EQ_POSITIVE } from './returns.js';

/** `equityPass` output index: the left-to-right sum of the returns (`checkedReturnsSum`'s value). */
export const EP_SUM = 0;
/** `equityPass` output index: EQ_FINITE | EQ_POSITIVE, as `checkedReturnsSum` sets them. */
export const EP_FLAGS = 1;
/** `equityPass` output index: `lowerTailPercentile(returns, p, select, 0, n)`. */
export const EP_TAIL = 2;
/**
 * `equityPass` output index: how many indices `nonZero` lists before n, or -1 when it was not
 * filled (a curve in the market most bars, done by the plain kernels).
 */
export const EP_NON_ZERO = 3;
/** Length of the `equityPass` output. */
export const EP_LENGTH = 4;

/** The buffers `equityPass` writes (the metrics scratch has them). */
export interface EquityPassBuffers {
  /** Gets the n per-bar returns (`barReturns`). */
  readonly returns: Float64Array;
  /** Workspace of the tail percentile (at least n long); `select[0]` ends as its `x_below`. */
  readonly select: Float64Array;
  /** Gets `drawdownScan(equity, time, drawdown, base)`'s fields, except DD_ULCER (NaN here). */
  readonly drawdown: Float64Array;
  /**
   * Gets the indices of the returns that are not 0, ascending, then n (at least n + 1 long): for
   * `lowerTailMeanAndSquaredSumsSparse`.
   */
  readonly nonZero: Int32Array;
}

/**
 * Over `equity` (n bars, bar times `time`, started from `base`), in one pass: the per-bar returns
 * with their sum and the finite/positive checks (`checkedReturnsSum`), the drawdown scan from
 * `base` as the first peak (`drawdownScan`, without the ulcer index: the optimizer's catalog does
 * not use it, and leaving it out saves a division per bar under water), and the returns below a
 * threshold and the count of those equal to it, from which the lower `p`-tail percentile of the
 * returns (`lowerTailPercentile`) is found by a quickselect among the kept ones when they and the
 * ties reach past its order statistics; else by `lowerTailPercentile` itself. The threshold is 0
 * on short curves; on long ones a sample of the returns puts it a few standard errors above the
 * wanted quantile (0 for a strategy out of the market most bars, most returns being 0): few
 * values kept and a branch that is rarely taken (the sign of a return in the market is a coin
 * toss, a mispredicted branch per bar). A flat stretch of equity (zero returns) is taken at
 * once; the indices of the other returns go to `nonZero`. A long curve whose sample shows few
 * flat bars goes to the plain kernels instead (`nonZero` is then not filled). Every
 * output is the same bits as the separate kernels give; the drawdown fields when `base` is a
 * positive number and no equity value is infinite (what the metrics use them for: finite equity
 * from a valid initial cash). No allocation.
 */
export function equityPass(equity: Float64Array, time: Float64Array, base: number, p: number, bufs: EquityPassBuffers, out: Float64Array): void {
  const n = equity.length;
  const { returns, select, drawdown: dd, nonZero } = bufs;
  const st = STATE;
  st[ES_BASE] = base;
  const virtual = (n - 1) * (p / 100);
  const below = Math.floor(virtual);
  const sampled = n >= 16 * SAMPLE && p >= 0 && p <= 100 && select.length >= n;
  const threshold = sampled ? sampledThreshold(equity, base, below, select, st) : 0;
  if (sampled && st[ES_SAMPLE_ZEROS] < SAMPLE / 4) {
    // In the market most bars: few flat stretches to skip, and the plain kernels, one loop each,
    // are faster than the one loop doing everything (which V8 compiles with values spilled).
    out[EP_SUM] = checkedReturnsSum(equity, base, returns, FLAGS);
    out[EP_FLAGS] = FLAGS[0];
    drawdownScan(equity, time, dd, base);
    dd[DD_ULCER] = NaN;
    out[EP_TAIL] = lowerTailPercentile(returns, p, select, 0, n);
    out[EP_NON_ZERO] = -1;
    return;
  }
  st[ES_THRESHOLD] = threshold;
  equityScan(equity, time, returns, select, nonZero, st);
  nonZero[st[ES_NON_ZERO]] = n;
  out[EP_NON_ZERO] = st[ES_NON_ZERO];

  // A drawdown still open at the last bar is a period too.
  let maxDepth = st[ES_MAX_DEPTH];
  let sumDepth = st[ES_SUM_DEPTH];
  let periods = st[ES_PERIODS];
  let longestBars = st[ES_LONGEST_BARS];
  let longestTime = st[ES_LONGEST_TIME];
  dd[DD_OPEN_AT_END] = 0;
  if (n > 0 && st[ES_IN_DRAWDOWN] === 1) {
    const last = n - 1;
    const peakIdx = st[ES_PEAK_INDEX];
    const d = 1 - st[ES_LOW] / st[ES_PEAK];
    if (d > maxDepth) maxDepth = d;
    periods++;
    sumDepth += d > 0 ? d : 0;
    if (last - peakIdx > longestBars) longestBars = last - peakIdx;
    if (time[last] - time[peakIdx] > longestTime) longestTime = time[last] - time[peakIdx];
    dd[DD_OPEN_AT_END] = 1;
  }
  dd[DD_MAX] = n > 0 ? maxDepth : NaN;
  dd[DD_PERIODS] = periods;
  dd[DD_AVG_DEPTH] = periods > 0 ? sumDepth / periods : NaN;
  dd[DD_LONGEST_BARS] = longestBars;
  dd[DD_LONGEST_TIME] = longestTime;
  dd[DD_ULCER] = NaN;

  const s = st[ES_SUM];
  out[EP_SUM] = s;
  out[EP_FLAGS] = st[ES_FLAGS];
  // The order statistics from the kept returns (select[0, kept)) and the ties need every return
  // non-NaN: a NaN return makes the sum NaN (the plain kernel then tells NaN apart from an
  // Infinity - Infinity sum). tailFromKept returns FILTER_FAILED when they do not reach far enough.
  const tail = n > 0 && p >= 0 && p <= 100 && s === s && threshold === threshold
    ? tailFromKept(select, st[ES_KEPT], st[ES_TIES], threshold, virtual, below) : FILTER_FAILED;
  out[EP_TAIL] = tail !== FILTER_FAILED ? tail : lowerTailPercentile(returns, p, select, 0, n);
}

// equityScan's state: inputs, then what the loop leaves.
const ES_BASE = 0;
const ES_SUM = 1;
const ES_FLAGS = 2;
const ES_KEPT = 3;
const ES_TIES = 4;
const ES_PEAK = 5;
const ES_PEAK_INDEX = 6;
const ES_IN_DRAWDOWN = 7;
const ES_LOW = 8;
const ES_MAX_DEPTH = 9;
const ES_SUM_DEPTH = 10;
const ES_PERIODS = 11;
const ES_LONGEST_BARS = 12;
const ES_LONGEST_TIME = 13;
const ES_NON_ZERO = 14;
const ES_THRESHOLD = 15;
const ES_SAMPLE_ZEROS = 16;
const STATE = new Float64Array(17);
/** `checkedReturnsSum`'s flags on the plain path. */
const FLAGS = new Uint8Array(1);

/**
 * The loop of `equityPass`, alone in its function with no branch after it: the first call in a
 * fresh thread is compiled on-stack mid-loop, before any code after the loop has run, and code
 * without type feedback deoptimizes there on every later call until the whole function is
 * recompiled (hundreds of calls). The loop's values go to `st` (the base comes in there). The
 * returns below the threshold go to `keep[0, kept)`, those equal to it are counted, the indices
 * of the returns that are not 0 go to `nonZero`.
 */
function equityScan(
  equity: Float64Array, time: Float64Array, returns: Float64Array, keep: Float64Array, nonZero: Int32Array, st: Float64Array,
): void {
  const n = equity.length;
  let s = 0;
  let prev = st[ES_BASE];
  let finite = true;
  let positive = true;
  let kept = 0;
  const threshold = st[ES_THRESHOLD];
  let ties = 0;
  let nz = 0;
  // Drawdown: the depth of a period is its lowest equity's (1 - e / peak is monotone in e for a
  // positive peak), so one division per period instead of one per bar under water.
  let peak = prev;
  let peakIdx = 0;
  let inDrawdown = false;
  let low = 0;
  let maxDepth = 0;
  let sumDepth = 0;
  let periods = 0;
  let longestBars = 0;
  let longestTime = 0;
  for (let t = 0; t < n; t++) {
    const e = equity[t];
    if (e === prev && e - e === 0 && e !== 0) {
      // A flat stretch (no position: most bars of most runs), taken at once: each return e / e - 1
      // is exactly 0, adding it leaves the sum as it is (a sum from +0 is never -0), and the
      // drawdown state does not change but for the peak bar (prev was the peak when not under water).
      if (e < 0) positive = false;
      const end = flatEnd(equity, t + 1, e);
      returns.fill(0, t, end);
      if (0 < threshold) {
        keep.fill(0, kept, kept + end - t);
        kept += end - t;
      } else if (0 === threshold) {
        ties += end - t;
      }
      t = end - 1;
      if (!inDrawdown) peakIdx = t;
      continue;
    }
    if (!Number.isFinite(e)) finite = false;
    else if (e <= 0) positive = false;
    const r = e / prev - 1;
    returns[t] = r;
    nonZero[nz++] = t;
    s += r;
    prev = e;
    // Never 0 here: e / prev is 1 only for e === prev, and then e is 0 or not finite (r is NaN).
    if (r < threshold) keep[kept++] = r;
    else if (r === threshold) ties++;
    if (e >= peak) {
      if (inDrawdown) {
        const d = 1 - low / peak;
        if (d > maxDepth) maxDepth = d;
        periods++;
        sumDepth += d > 0 ? d : 0;
        if (t - peakIdx > longestBars) longestBars = t - peakIdx;
        if (time[t] - time[peakIdx] > longestTime) longestTime = time[t] - time[peakIdx];
        inDrawdown = false;
      }
      peak = e;
      peakIdx = t;
    } else if (!inDrawdown) {
      inDrawdown = true;
      low = e;
    } else if (e < low || low !== low) {
      low = e; // the lowest non-NaN equity of the period (NaN bars give NaN depths, which never count)
    }
  }
  st[ES_SUM] = s;
  st[ES_FLAGS] = (finite ? EQ_FINITE : 0) | (positive ? EQ_POSITIVE : 0);
  st[ES_KEPT] = kept;
  st[ES_TIES] = ties;
  st[ES_NON_ZERO] = nz;
  st[ES_PEAK] = peak;
  st[ES_PEAK_INDEX] = peakIdx;
  st[ES_IN_DRAWDOWN] = inDrawdown ? 1 : 0;
  st[ES_LOW] = low;
  st[ES_MAX_DEPTH] = maxDepth;
  st[ES_SUM_DEPTH] = sumDepth;
  st[ES_PERIODS] = periods;
  st[ES_LONGEST_BARS] = longestBars;
  st[ES_LONGEST_TIME] = longestTime;
}

/**
 * The first index from `from` on whose value is not `e` (or the length). A function of its own: a
 * fresh thread's first calls spend most of their time in this loop, and compiling it on the stack
 * inside equityScan's loop costs several times what compiling this small function does.
 */
function flatEnd(equity: Float64Array, from: number, e: number): number {
  const n = equity.length;
  let end = from;
  // Four at a time (the loop's own cost is most of it), then one at a time.
  while (end + 3 < n && equity[end] === e && equity[end + 1] === e && equity[end + 2] === e && equity[end + 3] === e) end += 4;
  while (end < n && equity[end] === e) end++;
  return end;
}

// Type feedback for every line of equityScan before its first real call (see there): a 7-bar curve
// through each branch (a loss, a new low, a recovery, a flat stretch, a non-positive and a non-finite
// value). V8 starts recording feedback only after a function's first
// few calls, hence several. Microseconds, once per thread.
{
  const eq = new Float64Array([1, 0.5, 0.25, 0.25, 2, 2, 0, NaN, 3]);
  const buf = new Float64Array(eq.length);
  STATE[ES_BASE] = 1;
  const at = new Int32Array(eq.length);
  for (let i = 0; i < 16; i++) {
    STATE[ES_THRESHOLD] = [-0.5, 0, 0.5][i % 3];
    equityScan(eq, eq, buf, buf, at, STATE);
  }
}

/** Returns sampled for the tail's threshold (long curves only). */
const SAMPLE = 128;

/**
 * The tail's threshold from SAMPLE returns at evenly spaced bars, computed from the equity (the
 * same divisions as the pass), put in the last SAMPLE slots of `buf` (how many are 0 goes to
 * `st[ES_SAMPLE_ZEROS]`): the sample value at the
 * expected rank of `x_(below + 1)` plus four standard deviations and a margin. NaN when a sampled
 * return is NaN (the percentile is then found by lowerTailPercentile, as NaN).
 */
function sampledThreshold(equity: Float64Array, base: number, below: number, buf: Float64Array, st: Float64Array): number {
  const n = equity.length;
  const at = buf.length - SAMPLE;
  let zeros = 0;
  st[ES_SAMPLE_ZEROS] = SAMPLE;
  for (let j = 0; j < SAMPLE; j++) {
    const i = Math.floor((j * n) / SAMPLE);
    const v = equity[i] / (i > 0 ? equity[i - 1] : base) - 1;
    if (v !== v) return NaN;
    buf[at + j] = v;
    if (v === 0) zeros++;
  }
  st[ES_SAMPLE_ZEROS] = zeros;
  const q = (below + 2) / n;
  const rank = Math.min(SAMPLE - 1, Math.ceil(SAMPLE * q + 4 * Math.sqrt(SAMPLE * q * (1 - q)) + 4));
  return quickselect(buf, at + rank, at, buf.length - 1);
}
