/**
 * The full statistics set (docs/metrics.md "Full statistics"): hand-worked values on small runs,
 * and the reasons of undefined ones.
 */
import { describe, expect, it } from 'vitest';
import { computeMetrics } from './compute-metrics.js';
import type { MetricsInput } from './metrics-input.js';
import { metricValue } from './report-types.js';
import { STATISTICS, type StatKey } from './stats-catalog.js';
import { allocTrades, EXIT_END_OPEN, EXIT_SIGNAL, type TradeRecords } from '../../kernels/sim/records.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Row { entry: number; exit: number; pnl: number; ret: number; side?: 1 | -1; open?: boolean; units?: number; px?: [number, number] }

function trades(rows: Row[]): TradeRecords {
  const t = allocTrades(rows.length);
  rows.forEach((r, k) => {
    t.entryIndex[k] = r.entry;
    t.exitIndex[k] = r.exit;
    t.side[k] = r.side ?? 1;
    t.units[k] = r.units ?? 1;
    t.entryPrice[k] = r.px?.[0] ?? 100;
    t.exitPrice[k] = r.px?.[1] ?? 100;
    t.pnl[k] = r.pnl;
    t.ret[k] = r.ret;
    t.exitReason[k] = r.open ? EXIT_END_OPEN : EXIT_SIGNAL;
  });
  t.count = rows.length;
  return t;
}

function input(equity: number[], o: Partial<MetricsInput> & { step?: number } = {}): MetricsInput {
  const n = equity.length;
  const step = o.step ?? DAY;
  return {
    equity: Float64Array.from(equity), time: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 30) + i * step),
    benchmark: new Float64Array(n).fill(10), trades: trades([]), initCash: 100, barsPerYear: 365, ...o,
  };
}
const s = (r: ReturnType<typeof computeMetrics>, k: StatKey) => metricValue(r, k);

describe('return statistics (hand-worked)', () => {
  // daily bars from 2024-01-30: r = [0.1, -0.1, 0.05, 0.1, -0.1, 0.02]
  const rets = [0.1, -0.1, 0.05, 0.1, -0.1, 0.02];
  const eq: number[] = [];
  let e = 100;
  for (const x of rets) { e *= 1 + x; eq.push(e); }
  const rep = computeMetrics(input(eq));

  it('equity peak, omega, skew, kurtosis, tail ratio', () => {
    expect(s(rep, 'equity_peak')).toBe(Math.max(...eq));
    // omega: gains 0.1 + 0.05 + 0.1 + 0.02 = 0.27, losses 0.2
    expect(s(rep, 'omega_ratio')).toBeCloseTo(0.27 / 0.2, 12);
    const mu = 0.07 / 6;
    const d = rets.map((x) => x - mu);
    const m2 = d.reduce((a, x) => a + x * x, 0) / 6;
    const m3 = d.reduce((a, x) => a + x ** 3, 0) / 6;
    const m4 = d.reduce((a, x) => a + x ** 4, 0) / 6;
    expect(s(rep, 'skew')).toBeCloseTo(m3 / m2 ** 1.5, 10);
    expect(s(rep, 'kurtosis')).toBeCloseTo(m4 / m2 ** 2 - 3, 10);
    // sorted: -0.1, -0.1, 0.02, 0.05, 0.1, 0.1; p95: h = 4.75 → 0.1; p5: h = 0.25 → -0.1
    expect(s(rep, 'tail_ratio')).toBeCloseTo(1, 12);
  });

  it('best/worst day and month: January has bars 30, 31 (1.1 · 0.9), February the rest', () => {
    expect(s(rep, 'best_day')).toBeCloseTo(0.1, 12);
    expect(s(rep, 'worst_day')).toBeCloseTo(-0.1, 12);
    expect(s(rep, 'worst_month')).toBeCloseTo(1.1 * 0.9 - 1, 12);
    expect(s(rep, 'best_month')).toBeCloseTo(1.05 * 1.1 * 0.9 * 1.02 - 1, 12);
  });

  it('ulcer index and recovery factor', () => {
    // running peak from 100: 110 at bar 0; bar 1 99 (dd 0.1), bar 2 103.95 (dd 0.055), bar 3 114.345 peak,
    // bar 4 102.9105 (dd 0.1), bar 5 104.96871 (dd 1 - 1.02*0.9 = 0.082)
    const dd = [0, 0.1, 1 - 103.95 / 110, 0, 0.1, 1 - 0.9 * 1.02];
    expect(s(rep, 'ulcer_index')).toBeCloseTo(Math.sqrt(dd.reduce((a, x) => a + x * x, 0) / 6), 12);
    expect(s(rep, 'recovery_factor')).toBeCloseTo((eq[5] / 100 - 1) / 0.1, 10);
  });

  it('probabilistic Sharpe ratio: Φ(SR·√(n−1) / √(1 − γ3·SR + (γ4−1)/4·SR²)) with the per-bar SR', () => {
    const psr = s(rep, 'probabilistic_sharpe_ratio');
    expect(psr).toBeGreaterThan(0.5); // mean > 0
    expect(psr).toBeLessThan(1);
    // a losing mirror image has PSR below 0.5
    const neg: number[] = [];
    let x = 100;
    for (const r of rets) { x *= 1 - r; neg.push(x); }
    expect(s(computeMetrics(input(neg)), 'probabilistic_sharpe_ratio')).toBeLessThan(0.5);
  });

  it('benchmark: a strategy that is 2× the benchmark returns has beta 2, correlation 1, alpha 0', () => {
    const bench = [10, 11, 10.5, 10.8, 10.2, 10.4];
    const b = bench.map((c, i) => (i === 0 ? 0 : c / bench[i - 1] - 1));
    const eq2: number[] = [];
    let y = 100;
    for (const r of b) { y *= 1 + 2 * r; eq2.push(y); }
    const r = computeMetrics(input(eq2, { benchmark: Float64Array.from(bench) }));
    expect(s(r, 'beta')).toBeCloseTo(2, 12);
    expect(s(r, 'correlation')).toBeCloseTo(1, 12);
    expect(s(r, 'alpha')).toBeCloseTo(0, 12);
    // information ratio = mean(r - b) / std(r - b) = mean(b)/std(b) per bar
    const mb = b.reduce((a, z) => a + z, 0) / 6;
    const sb = Math.sqrt(b.reduce((a, z) => a + (z - mb) ** 2, 0) / 5);
    expect(s(r, 'information_ratio')).toBeCloseTo(mb / sb, 12);
    // a flat benchmark: beta, correlation and alpha undefined with a reason
    expect(rep.reasons.beta).toMatch(/benchmark returns have zero variance/);
    expect(rep.reasons.alpha).toMatch(/benchmark returns have zero variance/);
  });

  it('best_day on hourly bars compounds the bars of each UTC day', () => {
    // 48 hourly bars from 2024-01-30 00:00: +1% for each of the first 24, -0.5% for the next 24
    const h: number[] = [];
    let z = 100;
    for (let i = 0; i < 48; i++) { z *= i < 24 ? 1.01 : 0.995; h.push(z); }
    const r = computeMetrics(input(h, { step: HOUR }));
    expect(s(r, 'best_day')).toBeCloseTo(1.01 ** 24 - 1, 12);
    expect(s(r, 'worst_day')).toBeCloseTo(0.995 ** 24 - 1, 12);
  });
});

describe('trade statistics (hand-worked)', () => {
  // closed: long +10 (ret .1, 2 days), long -5 (-.05, 1 day), short +4 (.04, 3 days), short 0 (0), long +2 (.02, 1 day), long -1 (-.01, 2 days)
  // plus an open long (ignored except in turnover)
  const tr = trades([
    { entry: 0, exit: 2, pnl: 10, ret: 0.1, px: [100, 110] },
    { entry: 2, exit: 3, pnl: -5, ret: -0.05, px: [100, 95] },
    { entry: 3, exit: 6, pnl: 4, ret: 0.04, side: -1, px: [100, 96] },
    { entry: 6, exit: 7, pnl: 0, ret: 0, side: -1 },
    { entry: 7, exit: 8, pnl: 2, ret: 0.02, px: [100, 102] },
    { entry: 8, exit: 10, pnl: -1, ret: -0.01, px: [100, 99] },
    { entry: 10, exit: 11, pnl: 3, ret: 0.03, open: true, px: [100, 103] },
  ]);
  const eq = Array.from({ length: 12 }, () => 100);
  const rep = computeMetrics(input(eq, { trades: tr }));

  it('counts, win rates by side, streaks', () => {
    expect(s(rep, 'long_trades')).toBe(4);
    expect(s(rep, 'short_trades')).toBe(2);
    expect(s(rep, 'long_win_rate')).toBe(2 / 4);
    expect(s(rep, 'short_win_rate')).toBe(1 / 2);
    // W L W 0 W L: longest win run 1 (the zero breaks W..W), longest loss run 1
    expect(s(rep, 'max_consecutive_wins')).toBe(1);
    expect(s(rep, 'max_consecutive_losses')).toBe(1);
  });

  it('averages, payoff, kelly, SQN, turnover', () => {
    const avgWin = (0.1 + 0.04 + 0.02) / 3;
    const avgLoss = (-0.05 - 0.01) / 2;
    expect(s(rep, 'avg_winning_trade')).toBeCloseTo(avgWin, 15);
    expect(s(rep, 'avg_losing_trade')).toBeCloseTo(avgLoss, 15);
    expect(s(rep, 'avg_winning_duration')).toBeCloseTo((2 + 3 + 1) / 3, 15);
    expect(s(rep, 'avg_losing_duration')).toBeCloseTo((1 + 2) / 2, 15);
    const payoff = avgWin / -avgLoss;
    expect(s(rep, 'payoff_ratio')).toBeCloseTo(payoff, 12);
    expect(s(rep, 'kelly_criterion')).toBeCloseTo(3 / 6 - (3 / 6) / payoff, 12);
    const pnl = [10, -5, 4, 0, 2, -1];
    const mean = 10 / 6;
    const sd = Math.sqrt(pnl.reduce((a, x) => a + (x - mean) ** 2, 0) / 5);
    expect(s(rep, 'sqn')).toBeCloseTo((Math.sqrt(6) * mean) / sd, 12);
    // traded: entries 7 × 100, exits 110 + 95 + 96 + 100 + 102 + 99; mean equity 100
    expect(s(rep, 'turnover')).toBeCloseTo((700 + 110 + 95 + 96 + 100 + 102 + 99) / 100, 12);
  });

  it('no closed trades: trade statistics undefined with a reason; counts 0', () => {
    const r = computeMetrics(input([100, 101, 102]));
    expect(s(r, 'long_trades')).toBe(0);
    expect(r.reasons.payoff_ratio).toBe('no closed trades');
    expect(r.reasons.sqn).toBe('no closed trades');
    expect(r.reasons.long_win_rate).toBe('no closed long trade');
    // wins only: payoff +inf, kelly = win rate
    const w = computeMetrics(input([100, 101, 102], { trades: trades([{ entry: 0, exit: 1, pnl: 1, ret: 0.01 }]) }));
    expect(s(w, 'payoff_ratio')).toBe(Infinity);
    expect(s(w, 'kelly_criterion')).toBe(1);
    expect(w.reasons.sqn).toMatch(/fewer than 2 closed trades/);
  });

  it('every undefined statistic carries a reason', () => {
    for (const r of [rep, computeMetrics(input([])), computeMetrics(input([100])), computeMetrics(input([100, 0, 5]))]) {
      for (const m of STATISTICS) {
        const x = s(r, m.key);
        if (Number.isNaN(x)) expect(r.reasons[m.key], m.key).toMatch(/\w/);
        else expect(r.reasons[m.key], m.key).toBeUndefined();
      }
    }
  });
});
