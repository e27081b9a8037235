import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRIC_INDEX } from './catalog.js';
import { computeMetrics } from './compute-metrics.js';
import { computeMetricsInto } from './compute-metrics-into.js';
import { createMetricsScratch, type MetricsInput } from './metrics-input.js';
import { allocTrades, EXIT_END_OPEN, EXIT_SIGNAL, type TradeRecords } from '../../kernels/sim/records.js';

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
    const { returns, select, drawdown, reasons } = scratch;
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
    expect([...computeMetrics(inp).values]).toEqual([...a]);
  });

  it('a scratch made for fewer bars grows in place and gives the same values', () => {
    const inp = input([100, 103, 101, 104, 99, 107]);
    const small = createMetricsScratch(2);
    const out = new Float64Array(METRIC_COUNT);
    computeMetricsInto(inp, out, small);
    expect(small.returns.length).toBeGreaterThanOrEqual(5);
    expect([...out]).toEqual([...computeMetrics(inp).values]);
  });

  it('writes at METRIC_INDEX positions', () => {
    const out = new Float64Array(METRIC_COUNT);
    computeMetricsInto(input([100, 120]), out, createMetricsScratch(2));
    expect(out[METRIC_INDEX.final_equity]).toBe(120);
    expect(out[METRIC_INDEX.total_return]).toBeCloseTo(0.2, 15);
  });
});
