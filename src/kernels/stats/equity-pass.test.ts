/**
 * `equityPass` gives the same bits as the reference kernels it replaces in the optimizer's metrics:
 * checkedReturnsSum (returns, sum, flags), drawdownScan (every field but the ulcer index) and
 * lowerTailPercentile of the returns (value, and x_below left in select[0]), on both of its paths
 * (one fused loop; the plain kernels for a long curve with few flat bars). Property tests over
 * random curves: short and long (the tail threshold is sampled from 2,048 values on), flat
 * stretches (zero returns: ties at the threshold), a few price levels (equal non-zero returns),
 * NaN, infinite, zero and negative values.
 */
import { mulberry32 } from '../../../test/support/mulberry32.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DD_ULCER, DD_STATS_LENGTH, drawdownScan } from './drawdown.js';
import { EP_FLAGS, EP_LENGTH, EP_NON_ZERO, EP_SUM, EP_TAIL, equityPass } from './equity-pass.js';
import { lowerTailPercentile } from './percentile.js';
import { checkedReturnsSum } from './returns.js';

const same = (a: number, b: number) => Object.is(a, b);

interface Curve { equity: Float64Array; time: Float64Array; base: number }


/** Special values a bar may take instead of the walk's: all kinds, NaN only, not positive only. */
const SPECIALS = [[NaN, Infinity, -Infinity, 0, -0, -50], [NaN], [0, -0, -50]];
/** Price levels of a jumping curve (repeating returns exactly), one set crossing zero. */
const LEVELS = [[90, 95, 100, 105, 110], [-20, -10, 0, 10, 20]];

/**
 * A curve of `n` bars: runs of flat bars and of moves (continuous steps, or jumps between a few
 * price levels), with a chance per bar of a special value, which may repeat as a flat run.
 */
function curve(seed: number, n: number, flat: number, levels: number, special: number, kind: number, base: number, drift: number): Curve {
  const rand = mulberry32(seed);
  const equity = new Float64Array(n);
  const time = new Float64Array(n);
  let e = Number.isFinite(base) && base !== 0 ? base : 100; // may start flat at a negative base
  let t = 1_600_000_000_000;
  let flatRun = false;
  for (let i = 0; i < n; i++) {
    if (rand() < 0.05) flatRun = rand() < flat;
    if (!flatRun) {
      e = levels >= 0 ? LEVELS[levels][Math.floor(rand() * 5)] : e * (1 + (rand() - 0.5 + drift) * 0.04);
      if (rand() < special) e = SPECIALS[kind][Math.floor(rand() * SPECIALS[kind].length)];
    }
    equity[i] = e;
    t += 3_600_000 * (1 + Math.floor(rand() * 3));
    time[i] = t;
  }
  return { equity, time, base };
}

const curves = fc.record({
  seed: fc.integer(),
  n: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 4000, max: 12_000 })),
  flat: fc.constantFrom(0, 0.05, 0.5, 0.9, 1),
  levels: fc.constantFrom(-1, -1, 0, 1),
  special: fc.constantFrom(0, 0, 0, 0.0005, 0.05),
  kind: fc.constantFrom(0, 1, 2),
  base: fc.constantFrom(100, 100, 100, 1e-3, 0, -100, NaN, Infinity),
  // a rising curve: most returns positive, so the sampled tail threshold is above 0
  drift: fc.constantFrom(0, 0, 0.45),
}).map((c) => curve(c.seed, c.n, c.flat, c.levels, c.special, c.kind, c.base, c.drift));

function check(c: Curve, p: number, extra: number): void {
  const n = c.equity.length;
  const returns = new Float64Array(n);
  const select = new Float64Array(n + extra).fill(0.125); // stale values from an earlier call
  const drawdown = new Float64Array(DD_STATS_LENGTH);
  const out = new Float64Array(EP_LENGTH);
  const nonZero = new Int32Array(n + 1);
  equityPass(c.equity, c.time, c.base, p, { returns, select, drawdown, nonZero }, out);

  const wantReturns = new Float64Array(n);
  const flags = new Uint8Array(1);
  const sum = checkedReturnsSum(c.equity, c.base, wantReturns, flags);
  expect(same(out[EP_SUM], sum)).toBe(true);
  expect(out[EP_FLAGS]).toBe(flags[0]);
  for (let i = 0; i < n; i++) if (!same(returns[i], wantReturns[i])) expect([i, returns[i]]).toEqual([i, wantReturns[i]]);
  // nonZero (when listed): ascending indices covering every return that is not 0, then n
  const count = out[EP_NON_ZERO];
  if (count >= 0) {
    const listed = Array.from(nonZero.subarray(0, count + 1));
    expect(listed[count]).toBe(n);
    for (let j = 1; j < listed.length; j++) expect(listed[j]).toBeGreaterThan(listed[j - 1]);
    const set = new Set(listed);
    for (let i = 0; i < n; i++) if (wantReturns[i] !== 0) expect(set.has(i)).toBe(true);
  } else {
    expect(count).toBe(-1);
    expect(n).toBeGreaterThanOrEqual(2048); // only long curves are sampled for the plain path
  }

  const heap = new Float64Array(n + extra);
  const tail = lowerTailPercentile(wantReturns, p, heap, 0, n);
  expect(same(out[EP_TAIL], tail)).toBe(true);
  if (tail === tail) expect(same(select[0], heap[0])).toBe(true);

  // The drawdown fields, where the metrics use them: a positive base and no infinite equity.
  if (c.base > 0 && c.equity.every((e) => e !== Infinity && e !== -Infinity)) {
    const want = drawdownScan(c.equity, c.time, new Float64Array(DD_STATS_LENGTH), c.base);
    for (let k = 0; k < DD_STATS_LENGTH; k++) {
      if (k !== DD_ULCER && !same(drawdown[k], want[k])) expect([k, drawdown[k]]).toEqual([k, want[k]]);
    }
    expect(drawdown[DD_ULCER]).toBeNaN();
  }
}

describe('equityPass = checkedReturnsSum + drawdownScan + lowerTailPercentile', () => {
  it('the 5% tail of the metrics, on random curves short and long', () => {
    fc.assert(fc.property(curves, fc.constantFrom(0, 1, 700), (c, extra) => check(c, 5, extra)), { numRuns: 400 });
  });

  it('any percentile', () => {
    fc.assert(fc.property(curves, fc.double({ min: -1, max: 101, noNaN: true }), (c, p) => check(c, p, 0)), { numRuns: 200 });
  });

  it('hand-worked: returns, sum, a recovered and an open drawdown, the 5% tail', () => {
    // equity 100 -> 110 -> 99 -> 110 -> 121 -> 108.9 from 100: returns 0, .1, -.1, 1/9, .1, -.1
    const equity = Float64Array.from([100, 110, 99, 110, 121, 108.9]);
    const time = Float64Array.from([0, 1, 2, 3, 4, 5]);
    const returns = new Float64Array(6);
    const drawdown = new Float64Array(DD_STATS_LENGTH);
    const out = new Float64Array(EP_LENGTH);
    const nonZero = new Int32Array(7);
    equityPass(equity, time, 100, 5, { returns, select: new Float64Array(6), drawdown, nonZero }, out);
    expect(Array.from(returns)).toEqual([0, 110 / 100 - 1, 99 / 110 - 1, 110 / 99 - 1, 121 / 110 - 1, 108.9 / 121 - 1]);
    // periods: bars 1-3 (depth 1 - 99/110 = 0.1, 2 bars) and bar 4 to the end (0.1, open, 1 bar)
    expect(drawdown[0]).toBeCloseTo(0.1, 12);
    expect(drawdown[2]).toBe(2);
    expect(drawdown[3]).toBe(2);
    expect(drawdown[5]).toBe(1);
    // 5% of 6 returns: virtual index 0.25 between the two -0.1 returns
    expect(out[EP_TAIL]).toBeCloseTo(-0.1, 12);
    // the first return is 0 (100 from a base of 100)
    expect(Array.from(nonZero)).toEqual([1, 2, 3, 4, 5, 6, 0]);
    expect(out[EP_NON_ZERO]).toBe(5);
  });
});
