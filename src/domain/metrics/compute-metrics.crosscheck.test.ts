import { mulberry32 } from '../../../test/support/mulberry32.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRICS, type MetricKey } from './catalog.js';
import { computeMetrics } from './compute-metrics.js';
import type { MetricsInput } from './metrics-input.js';
import { metricValue } from './report-types.js';
import { allocTrades, EXIT_END_OPEN, EXIT_SIGNAL, type TradeRecords } from '../../kernels/sim/records.js';


/** Plain re-implementation of DESIGN.md §5 with array methods and a full sort. */
function naive(equity: number[], time: number[], A: number, init: number) {
  // n returns: the first from the initial cash
  const r = equity.map((e, i) => e / (i === 0 ? init : equity[i - 1]) - 1);
  const m = r.length;
  const mu = r.reduce((s, x) => s + x, 0) / m;
  const sd = Math.sqrt(r.reduce((s, x) => s + (x - mu) ** 2, 0) / (m - 1));
  const down = Math.sqrt(r.reduce((s, x) => s + Math.min(x, 0) ** 2, 0) / m);
  const sorted = [...r].sort((a, b) => a - b);
  const h = (m - 1) * 0.05;
  const lo = Math.floor(h);
  const var95 = sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, m - 1)] - sorted[lo]);
  // expected shortfall: the k+1 smallest, k = floor((m-1)*0.05)
  const tail = sorted.slice(0, lo + 1);
  // Drawdown periods as maximal runs of bars strictly below the running max (initial cash first).
  const runMax: number[] = [];
  equity.forEach((e, i) => runMax.push(Math.max(i === 0 ? init : runMax[i - 1], e)));
  const dd = equity.map((e, i) => 1 - e / runMax[i]);
  const depths: number[] = [];
  const durations: number[] = [];
  const barsLong: number[] = [];
  let i = 0;
  while (i < equity.length) {
    if (equity[i] >= runMax[i]) { i++; continue; }
    const start = Math.max(i - 1, 0); // the peak bar (bar 0 for the initial cash)
    let j = i;
    while (j < equity.length && equity[j] < runMax[j]) j++;
    const end = j < equity.length ? j : equity.length - 1;
    depths.push(Math.max(...dd.slice(i, j)));
    durations.push((time[end] - time[start]) / 86_400_000);
    barsLong.push(end - start);
    i = j;
  }
  return {
    volatility: sd * Math.sqrt(A),
    sharpe_ratio: (mu / sd) * Math.sqrt(A),
    sortino_ratio: (mu * A) / (down * Math.sqrt(A)),
    var_95: var95,
    cvar_95: tail.reduce((s, x) => s + x, 0) / tail.length,
    max_drawdown: Math.max(...dd),
    avg_drawdown: depths.reduce((s, x) => s + x, 0) / depths.length,
    max_drawdown_duration: Math.max(0, ...durations),
    max_drawdown_duration_bars: Math.max(0, ...barsLong),
    total_return: equity[equity.length - 1] / init - 1,
    annualized_return: (equity[equity.length - 1] / init) ** (A / equity.length) - 1,
    cagr: (equity[equity.length - 1] / init) ** (365.25 * 86_400_000 / (time[time.length - 1] - time[0])) - 1,
  } satisfies Partial<Record<MetricKey, number>>;
}

function relClose(got: number, want: number, rel = 1e-12): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(Math.abs(want), 1e-300));
}

function randomWalk(rand: () => number, n: number): { equity: number[]; time: number[] } {
  const equity = [10_000];
  const time = [Date.UTC(2021, 0, 1)];
  for (let t = 1; t < n; t++) {
    // a third of the bars flat (ties in the returns), the rest ±2%
    const r = rand() < 0.33 ? 0 : (rand() - 0.5) * 0.04;
    equity.push(equity[t - 1] * (1 + r));
    time.push(time[t - 1] + 3_600_000 * (rand() < 0.01 ? 5 : 1)); // a few data gaps
  }
  return { equity, time };
}

function inputOf(equity: number[], time: number[], trades: TradeRecords, A: number, initCash = equity[0]): MetricsInput {
  return {
    equity: Float64Array.from(equity), time: Float64Array.from(time),
    benchmark: new Float64Array(equity.length).fill(1),
    trades, initCash, barsPerYear: A,
  };
}

describe('computeMetrics vs a naive re-implementation', () => {
  it('long seeded random series (20,000 hourly bars): equal to 1e-12 relative', () => {
    const A = 8760;
    for (const seed of [1, 2, 3]) {
      const { equity, time } = randomWalk(mulberry32(seed), 20_000);
      // an entry fee on bar 0: the initial cash is a little above equity[0]
      const init = equity[0] * 1.001;
      const rep = computeMetrics(inputOf(equity, time, allocTrades(0), A, init));
      const want = naive(equity, time, A, init);
      for (const [k, x] of Object.entries(want)) relClose(metricValue(rep, k as MetricKey), x);
    }
  });

  it('property: random short series', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: -0.3, max: 0.3, noNaN: true })), { minLength: 2, maxLength: 60 }),
        (rets) => {
          const equity = [100 * (1 + rets[0])];
          for (const r of rets.slice(1)) equity.push(equity[equity.length - 1] * (1 + r));
          const time = equity.map((_, i) => i * 86_400_000);
          const rep = computeMetrics(inputOf(equity, time, allocTrades(0), 365, 100));
          const want = naive(equity, time, 365, 100);
          for (const k of ['var_95', 'cvar_95', 'max_drawdown', 'max_drawdown_duration', 'max_drawdown_duration_bars', 'total_return'] as const) {
            relClose(metricValue(rep, k), want[k]);
          }
          if (!Number.isNaN(metricValue(rep, 'avg_drawdown'))) relClose(metricValue(rep, 'avg_drawdown'), want.avg_drawdown);
          else expect(want.avg_drawdown).toBeNaN(); // 0/0: no period
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('trade metrics vs a naive re-implementation (random trades)', () => {
  const row = fc.record({
    gap: fc.nat({ max: 5 }),
    len: fc.nat({ max: 6 }),
    pnl: fc.oneof(fc.constant(0), fc.double({ min: -50, max: 50, noNaN: true })),
    ret: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
    fee: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  it('win rate, profit factor, expectancy (= formula = mean pnl), exposure, fees, best/worst', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (rows, lastOpen) => {
        const tr = allocTrades(rows.length);
        let bar = 0;
        rows.forEach((r, k) => {
          bar += r.gap;
          tr.entryIndex[k] = bar;
          bar += r.len;
          tr.exitIndex[k] = bar;
          tr.pnl[k] = r.pnl;
          tr.ret[k] = r.ret;
          tr.entryFee[k] = r.fee;
          tr.exitFee[k] = r.fee / 2;
          tr.exitReason[k] = EXIT_SIGNAL;
        });
        tr.count = rows.length;
        const n = bar + 1;
        if (lastOpen && rows.length > 0) {
          tr.exitReason[rows.length - 1] = EXIT_END_OPEN;
          tr.exitIndex[rows.length - 1] = n - 1;
          tr.exitFee[rows.length - 1] = 0;
        }
        const equity = Array.from({ length: n }, () => 100);
        const time = equity.map((_, i) => i * 3_600_000);
        const rep = computeMetrics(inputOf(equity, time, tr, 8760));
        const val = (k: MetricKey) => metricValue(rep, k);

        const closed = rows.map((_, k) => k).filter((k) => tr.exitReason[k] !== EXIT_END_OPEN);
        const pnl = closed.map((k) => tr.pnl[k]);
        const wins = pnl.filter((p) => p > 0);
        const nonWins = pnl.filter((p) => p <= 0);
        const held = new Array<boolean>(n).fill(false);
        for (let k = 0; k < tr.count; k++) {
          const end = tr.exitReason[k] === EXIT_END_OPEN ? n : tr.exitIndex[k];
          for (let t = tr.entryIndex[k]; t < end; t++) held[t] = true;
        }
        expect(val('exposure_time')).toBe(held.filter(Boolean).length / n);
        let fees = 0;
        for (let k = 0; k < tr.count; k++) fees += tr.entryFee[k] + tr.exitFee[k];
        expect(val('total_fees')).toBe(fees);
        expect(val('total_trades')).toBe(closed.length);
        expect(val('open_trades')).toBe(tr.count - closed.length);
        if (closed.length === 0) {
          expect(rep.reasons.expectancy).toBe('no closed trades');
          return;
        }
        const winRate = wins.length / pnl.length;
        expect(val('win_rate')).toBe(winRate);
        const avgWin = wins.length ? wins.reduce((s, x) => s + x, 0) / wins.length : 0;
        const avgLoss = nonWins.length ? nonWins.reduce((s, x) => s + x, 0) / nonWins.length : 0;
        const formula = winRate * avgWin - (1 - winRate) * Math.abs(avgLoss);
        const meanPnl = pnl.reduce((s, x) => s + x, 0) / pnl.length;
        expect(val('expectancy')).toBe(meanPnl);
        expect(Math.abs(val('expectancy') - formula)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(formula)));
        const gp = wins.reduce((s, x) => s + x, 0);
        const gl = pnl.filter((p) => p < 0).reduce((s, x) => s + x, 0);
        if (gl < 0) expect(val('profit_factor')).toBe(gp / -gl);
        else if (gp > 0) expect(val('profit_factor')).toBe(Infinity);
        else expect(rep.reasons.profit_factor).toMatch(/pnl exactly 0/);
        const rets = closed.map((k) => tr.ret[k]);
        expect(val('best_trade')).toBe(Math.max(...rets));
        expect(val('worst_trade')).toBe(Math.min(...rets));
        const bars = closed.map((k) => tr.exitIndex[k] - tr.entryIndex[k]);
        relClose(val('avg_trade_duration_bars'), bars.reduce((s, x) => s + x, 0) / bars.length);
        const durs = closed.map((k) => (time[tr.exitIndex[k]] - time[tr.entryIndex[k]]) / 86_400_000);
        relClose(val('avg_trade_duration'), durs.reduce((s, x) => s + x, 0) / durs.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('reasons invariant', () => {
  it('every NaN metric has a reason and no defined metric has one (random inputs incl. degenerate)', () => {
    const eqValue = fc.oneof(fc.constant(0), fc.constant(100), fc.constant(NaN), fc.constant(-5), fc.double({ min: 1, max: 200, noNaN: true }));
    fc.assert(
      fc.property(
        fc.array(eqValue, { maxLength: 8 }),
        fc.oneof(fc.constant(0), fc.constant(100), fc.constant(NaN)),
        fc.oneof(fc.constant(0), fc.constant(365)),
        (eq, initCash, A) => {
          const time = eq.map((_, i) => i * 86_400_000);
          const rep = computeMetrics({ ...inputOf(eq.length ? eq : [], time, allocTrades(0), A), initCash });
          for (const m of METRICS) {
            const x = metricValue(rep, m.key);
            if (Number.isNaN(x)) expect(rep.reasons[m.key], m.key).toMatch(/\w/);
            else expect(rep.reasons[m.key], m.key).toBeUndefined();
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
