import { describe, expect, it } from 'vitest';
import {
  DD_AVG_DEPTH, DD_LONGEST_BARS, DD_LONGEST_TIME, DD_MAX, DD_OPEN_AT_END, DD_PERIODS, drawdownScan, drawdownSeries,
} from './drawdown.js';

describe('drawdownScan', () => {
  it('hand-computed: two periods, the second unrecovered', () => {
    // bar:     0    1    2   3    4    5    6   7
    // equity: 100  120  90  108  120  130  117  104
    // period A: peak bar 1 (120), depths 1-90/120 = 0.25, 1-108/120 = 0.1, recovered at bar 4 (120 >= 120)
    // period B: peak bar 5 (130), depths 1-117/130 = 0.1, 1-104/130 = 0.2, unrecovered at bar 7
    const eq = [100, 120, 90, 108, 120, 130, 117, 104];
    const time = [0, 10, 20, 30, 40, 50, 60, 1000];
    const out = drawdownScan(eq, time);
    expect(out[DD_MAX]).toBeCloseTo(0.25, 15);
    expect(out[DD_PERIODS]).toBe(2);
    expect(out[DD_AVG_DEPTH]).toBeCloseTo((0.25 + 0.2) / 2, 15);
    // longest in bars: A = 4-1 = 3, B = 7-5 = 2 → 3; in time: A = 40-10 = 30, B = 1000-50 = 950 → 950
    expect(out[DD_LONGEST_BARS]).toBe(3);
    expect(out[DD_LONGEST_TIME]).toBe(950);
    expect(out[DD_OPEN_AT_END]).toBe(1);
  });

  it('the peak bar is the last bar at the peak level', () => {
    // 100 100 90 100: peak bar 1, recovery bar 3 → 2 bars, time 3-1 = 2
    const out = drawdownScan([100, 100, 90, 100], [0, 1, 2, 3]);
    expect(out[DD_LONGEST_BARS]).toBe(2);
    expect(out[DD_LONGEST_TIME]).toBe(2);
    expect(out[DD_OPEN_AT_END]).toBe(0);
    expect(out[DD_MAX]).toBeCloseTo(0.1, 15);
  });

  it('no drawdown: max 0, zero periods, average NaN; empty curve: max NaN', () => {
    const out = drawdownScan([1, 1, 2, 3], [0, 1, 2, 3]);
    expect(out[DD_MAX]).toBe(0);
    expect(out[DD_PERIODS]).toBe(0);
    expect(out[DD_AVG_DEPTH]).toBeNaN();
    expect(out[DD_LONGEST_BARS]).toBe(0);
    const empty = drawdownScan([], []);
    expect(empty[DD_MAX]).toBeNaN();
    expect(empty[DD_PERIODS]).toBe(0);
  });

  it('reuses its out buffer with no leftovers from a previous call', () => {
    const out = new Float64Array(6);
    drawdownScan([100, 50, 40], [0, 1, 2], out);
    drawdownScan([1, 2], [0, 1], out);
    expect([...out]).toEqual([0, NaN, 0, 0, 0, 0]);
  });
});

describe('drawdownSeries', () => {
  it('is 1 - equity / running max', () => {
    const s = drawdownSeries([100, 120, 90, 130]);
    expect(s[0]).toBe(0);
    expect(s[1]).toBe(0);
    expect(s[2]).toBeCloseTo(0.25, 15);
    expect(s[3]).toBe(0);
  });
});
