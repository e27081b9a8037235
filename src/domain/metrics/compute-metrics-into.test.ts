import { mulberry32 } from '../../../test/support/mulberry32.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_INDEX } from './catalog.js';
import { computeMetrics } from './compute-metrics.js';
import { computeMetricsInto } from './compute-metrics-into.js';
import { createMetricsScratch, metricsInput, type MetricsInput } from './metrics-input.js';
import { allocTrades, EXIT_END_OPEN, EXIT_SIGNAL, type TradeRecords } from '../../kernels/sim/records.js';
import {
  checkedReturnsSum, downsideDeviation, drawdownScan, lowerTailMean, percentile, quickselect, std,
  DD_AVG_DEPTH, DD_LONGEST_BARS, DD_LONGEST_TIME, DD_MAX, DD_STATS_LENGTH,
} from '../../kernels/stats.js';

const DAY = 86_400_000;

/** Rows [entry, exit, pnl, ret, open?] filled into TradeRecords by hand. */
function trades(rows: [number, number, number, number, boolean?][]): TradeRecords {
  const t = allocTrades(rows.length);
  rows.forEach(([entry, exit, pnl, ret, open], k) => {
    t.entryIndex[k] = entry;
    t.exitIndex[k] = exit;
    t.pnl[k] = pnl;
    t.ret[k] = ret;
    t.entryFee[k] = 0.1;
    t.exitFee[k] = open ? 0 : 0.1;
    t.exitReason[k] = open ? EXIT_END_OPEN : EXIT_SIGNAL;
  });
  t.count = rows.length;
  return t;
}

function input(equity: number[], tr: TradeRecords = allocTrades(0)): MetricsInput {
  const n = equity.length;
  return {
    equity: Float64Array.from(equity),
    time: Float64Array.from({ length: n }, (_, i) => i * DAY),
    benchmark: new Float64Array(n).fill(60),
    trades: tr,
    initCash: 100,
    barsPerYear: 365,
  };
}

describe('computeMetricsInto: reusable scratch', () => {
  it('same results on repeated calls, scratch object and buffers kept, matches computeMetrics', () => {
    const inp = input([100, 103, 101, 104, 99, 107, 108, 102], trades([[1, 4, -4, -0.04], [5, 7, 2, 0.02, true]]));
    const scratch = createMetricsScratch(8);
    const { returns, select, drawdown, reasons, nonZero } = scratch;
    const a = new Float64Array(METRIC_COUNT);
    const b = new Float64Array(METRIC_COUNT);
    computeMetricsInto(inp, a, scratch);
    computeMetricsInto(input([1, 1, 1]), b, scratch); // a different run in between
    computeMetricsInto(inp, b, scratch);
    expect([...b]).toEqual([...a]);
    expect(scratch.returns).toBe(returns);
    expect(scratch.select).toBe(select);
    expect(scratch.drawdown).toBe(drawdown);
    expect(scratch.reasons).toBe(reasons);
    expect(scratch.nonZero).toBe(nonZero);
    expect([...computeMetrics(inp).values]).toEqual([...a]);
  });

  it('a scratch made for fewer bars grows in place and gives the same values', () => {
    const inp = input([100, 103, 101, 104, 99, 107]);
    const small = createMetricsScratch(2);
    const out = new Float64Array(METRIC_COUNT);
    computeMetricsInto(inp, out, small);
    expect(small.returns.length).toBeGreaterThanOrEqual(6);
    expect(small.nonZero.length).toBeGreaterThanOrEqual(7);
    expect([...out]).toEqual([...computeMetrics(inp).values]);
  });

  it('metricsInput: the same fields as plain data, the same row as the literal it copies', () => {
    const lit = input([100, 103, 101, 104, 99, 107, 108, 102], trades([[1, 4, -4, -0.04], [5, 7, 2, 0.02, true]]));
    const inp = metricsInput(lit);
    expect(Object.keys(inp)).toEqual(['equity', 'time', 'benchmark', 'trades', 'initCash', 'barsPerYear']);
    expect({ ...inp }).toEqual({ ...lit });
    const a = new Float64Array(METRIC_COUNT);
    const b = new Float64Array(METRIC_COUNT);
    computeMetricsInto(lit, a, createMetricsScratch(8));
    computeMetricsInto(inp, b, createMetricsScratch(8));
    expect([...b]).toEqual([...a]);
    expect(Object.keys(structuredClone(createMetricsScratch(4)))).toEqual(['returns', 'select', 'drawdown', 'reasons', 'moments', 'nonZero']);
  });

  it('writes at METRIC_INDEX positions', () => {
    const out = new Float64Array(METRIC_COUNT);
    computeMetricsInto(input([100, 120]), out, createMetricsScratch(2));
    expect(out[METRIC_INDEX.final_equity]).toBe(120);
    expect(out[METRIC_INDEX.total_return]).toBeCloseTo(0.2, 15);
  });
});

/**
 * The optimizer's path (one equity pass, a sparse second pass) against the plain reference kernels
 * composed with the formulas of docs/metrics.md, bit for bit (Object.is), on curves like an
 * optimizer's: long flat stretches (no position) between moves, short and long series.
 */
describe('computeMetricsInto equals the reference kernels bit for bit', () => {
  function reference(inp: MetricsInput): Partial<Record<keyof typeof METRIC_INDEX, number>> {
    const { equity, time, initCash, barsPerYear: A } = inp;
    const n = equity.length;
    const r = new Float64Array(n);
    const sum = checkedReturnsSum(equity, initCash, r, new Uint8Array(1));
    const mu = sum / n;
    const k = Math.floor((n - 1) * 0.05);
    const xk = quickselect(Float64Array.from(r), k);
    const sd = std(r);
    const down = downsideDeviation(r);
    const dd = drawdownScan(equity, time, new Float64Array(DD_STATS_LENGTH), initCash);
    return {
      var_95: percentile(r, 5, new Float64Array(n)),
      cvar_95: lowerTailMean(r, k, xk),
      volatility: sd * Math.sqrt(A),
      sharpe_ratio: (mu / sd) * Math.sqrt(A),
      sortino_ratio: (mu * A) / (down * Math.sqrt(A)),
      max_drawdown: dd[DD_MAX],
      avg_drawdown: dd[DD_AVG_DEPTH],
      max_drawdown_duration: dd[DD_LONGEST_TIME] / DAY,
      max_drawdown_duration_bars: dd[DD_LONGEST_BARS],
    };
  }

  /** Flat stretches and ±3% moves from a seed (mulberry32), every value positive. */
  function curve(seed: number, n: number, flat: number): number[] {
    const rand = mulberry32(seed);
    const eq: number[] = [];
    let e = 100;
    let inMarket = false;
    for (let i = 0; i < n; i++) {
      if (rand() < 0.03) inMarket = rand() > flat;
      if (inMarket) e *= 1 + (rand() - 0.5) * 0.06;
      eq.push(e);
    }
    return eq;
  }

  it('random curves, 2 to 12,000 bars, mostly flat to always moving', () => {
    const scratch = createMetricsScratch(16);
    const out = new Float64Array(METRIC_COUNT);
    fc.assert(fc.property(
      fc.integer(), fc.oneof(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 4000, max: 12_000 })), fc.constantFrom(0, 0.5, 0.9, 0.99),
      (seed, n, flat) => {
        const inp = input(curve(seed, n, flat));
        computeMetricsInto(inp, out, scratch); // one scratch for every size, as an optimizer reuses it
        for (const [key, want] of Object.entries(reference(inp))) {
          const got = out[METRIC_INDEX[key as keyof typeof METRIC_INDEX]];
          if (!Object.is(got, want)) expect([key, got]).toEqual([key, want]);
        }
      },
    ), { numRuns: 150 });
  });
});
