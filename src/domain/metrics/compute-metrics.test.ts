import { describe, expect, it } from 'vitest';
import { METRIC_COUNT, METRICS, type MetricKey } from './catalog.js';
import { computeMetrics } from './compute-metrics.js';
import type { MetricsInput } from './metrics-input.js';
import { REASON_TEXT, REASON_NO_CLOSED_TRADES } from './reasons.js';
import { metricValue, type MetricsReport } from './report-types.js';
import { allocTrades, EXIT_END_OPEN, EXIT_SIGNAL, EXIT_STOP_LOSS, type TradeRecords } from '../../kernels/sim/records.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

interface Row { entry: number; exit: number; pnl: number; ret: number; fees?: [number, number]; open?: boolean; side?: 1 | -1 }

/** TradeRecords filled by hand (entry/exit prices are not read by the metrics). */
function trades(rows: Row[]): TradeRecords {
  const t = allocTrades(rows.length + 2);
  rows.forEach((r, k) => {
    t.entryIndex[k] = r.entry;
    t.exitIndex[k] = r.exit;
    t.side[k] = r.side ?? 1;
    t.units[k] = 1;
    t.entryPrice[k] = 100;
    t.exitPrice[k] = 100;
    t.entryFee[k] = r.fees?.[0] ?? 0;
    t.exitFee[k] = r.fees?.[1] ?? 0;
    t.pnl[k] = r.pnl;
    t.ret[k] = r.ret;
    t.exitReason[k] = r.open ? EXIT_END_OPEN : EXIT_SIGNAL;
    t.slLevel[k] = NaN;
    t.tpLevel[k] = NaN;
  });
  t.count = rows.length;
  return t;
}

function input(equity: number[], extra: Partial<MetricsInput> = {}): MetricsInput {
  const n = equity.length;
  return {
    equity: Float64Array.from(equity),
    time: Float64Array.from({ length: n }, (_, i) => T0 + i * DAY),
    benchmark: new Float64Array(n).fill(60),
    trades: trades([]),
    initCash: equity.length > 0 ? equity[0] : 100,
    barsPerYear: 365,
    ...extra,
  };
}

const v = (r: MetricsReport, k: MetricKey) => metricValue(r, k);

/** Every NaN carries a reason, and only NaNs do. */
function expectReasonsConsistent(r: MetricsReport): void {
  for (const m of METRICS) {
    const x = v(r, m.key);
    if (Number.isNaN(x)) expect(r.reasons[m.key], m.key).toMatch(/\w/);
    else expect(r.reasons[m.key], m.key).toBeUndefined();
  }
}

describe('computeMetrics: hand-computed 6-bar daily run', () => {
  // initial cash 100 = equity[0], so r = [0, 0.1, -0.1, 0.05, 0.1, -0.1]
  // → equity 100, 110, 99, 103.95, 114.345, 102.9105
  const eq = [100, 110, 99, 103.95, 114.345, 102.9105];
  const tr = trades([
    { entry: 0, exit: 2, pnl: 9.79, ret: 0.0979, fees: [0.1, 0.11] }, // win, 2 days
    { entry: 2, exit: 3, pnl: -5, ret: -0.05, fees: [0.05, 0.05] }, // loss, 1 day
    { entry: 3, exit: 3, pnl: 0, ret: 0, fees: [0.2, 0.3], side: -1 }, // flat, same-bar stop, 0 days
    { entry: 4, exit: 5, pnl: 3, ret: 0.03, fees: [0.4, 0], open: true }, // still open
  ]);
  tr.exitReason[2] = EXIT_STOP_LOSS;
  const close = new Float64Array(6).fill(58);
  close[5] = 60;
  const rep = computeMetrics(input(eq, { trades: tr, benchmark: close }));

  it('returns group', () => {
    // total = 102.9105 / 100 - 1 = 0.029105; annualized = 1.029105^(365/6) - 1
    expect(v(rep, 'total_return')).toBeCloseTo(0.029105, 12);
    expect(v(rep, 'annualized_return')).toBeCloseTo(Math.pow(1.029105, 365 / 6) - 1, 10);
    // cagr over 5 days of calendar time: 1.029105^(365.25/5) - 1
    expect(v(rep, 'cagr')).toBeCloseTo(Math.pow(1.029105, 365.25 / 5) - 1, 10);
    // mean r = 0.05/6; Σr² = 0.0425 → Σ(r-μ)² = 0.0425 - 6μ² = 0.0425 - 0.0025/6; /5
    const mu = 0.05 / 6;
    const variance = (0.0425 - 0.0025 / 6) / 5;
    expect(v(rep, 'volatility')).toBeCloseTo(Math.sqrt(variance * 365), 12);
    expect(v(rep, 'sharpe_ratio')).toBeCloseTo((mu / Math.sqrt(variance)) * Math.sqrt(365), 10);
    // downside: (0.01 + 0.01)/6 → sortino = μ*365 / (sqrt(0.02/6)*sqrt(365))
    expect(v(rep, 'sortino_ratio')).toBeCloseTo((mu * 365) / (Math.sqrt(0.02 / 6) * Math.sqrt(365)), 10);
    expect(v(rep, 'final_equity')).toBe(102.9105);
  });

  it('risk group', () => {
    // period 1: peak 110 (bar 1) → 99 (depth 0.1) → 103.95 → 114.345 at bar 4 recovers: 3 days
    // period 2: peak 114.345 (bar 4) → 102.9105 (depth 0.1), unrecovered: 1 day
    expect(v(rep, 'max_drawdown')).toBeCloseTo(0.1, 12);
    expect(v(rep, 'avg_drawdown')).toBeCloseTo(0.1, 12);
    expect(v(rep, 'max_drawdown_duration')).toBe(3);
    expect(v(rep, 'max_drawdown_duration_bars')).toBe(3);
    expect(v(rep, 'calmar_ratio')).toBeCloseTo((Math.pow(1.029105, 365 / 6) - 1) / 0.1, 9);
    // sorted r: -0.1, -0.1, 0, 0.05, 0.1, 0.1; virtual index 5*0.05 = 0.25 → between -0.1 and -0.1
    expect(v(rep, 'var_95')).toBeCloseTo(-0.1, 12);
    // k = floor(0.25) = 0: the single smallest
    expect(v(rep, 'cvar_95')).toBeCloseTo(-0.1, 12);
  });

  it('trades group', () => {
    expect(v(rep, 'total_trades')).toBe(3);
    expect(v(rep, 'open_trades')).toBe(1);
    expect(v(rep, 'win_rate')).toBeCloseTo(1 / 3, 15);
    // gross profit 9.79, gross loss -5 → 1.958 (the zero-pnl trade counts in neither)
    expect(v(rep, 'profit_factor')).toBeCloseTo(1.958, 14);
    // (0.0979 - 0.05 + 0) / 3 = 0.0479 / 3 = 0.0159666...
    expect(v(rep, 'avg_trade_return')).toBeCloseTo(0.0479 / 3, 15);
    // (2 + 1 + 0) / 3 = 1 day
    expect(v(rep, 'avg_trade_duration')).toBe(1);
    expect(v(rep, 'avg_trade_duration_bars')).toBe(1);
    // win_rate*avg_win - (1-win_rate)*|avg_loss| = (1/3)*9.79 - (2/3)*|(-5+0)/2| = 3.26333 - 1.66667
    // = 1.596667 = mean pnl (9.79 - 5 + 0)/3
    expect(v(rep, 'expectancy')).toBeCloseTo((1 / 3) * 9.79 - (2 / 3) * 2.5, 13);
    expect(v(rep, 'expectancy')).toBe((9.79 - 5 + 0) / 3);
    expect(v(rep, 'best_trade')).toBe(0.0979);
    expect(v(rep, 'worst_trade')).toBe(-0.05);
    // held after fills: [0,2) + [2,3) + [3,3) + open [4,6) = 2 + 1 + 0 + 2 = 5 of 6 bars
    expect(v(rep, 'exposure_time')).toBeCloseTo(5 / 6, 15);
    // 0.1+0.11 + 0.05+0.05 + 0.2+0.3 + 0.4+0 = 1.21 (the open trade's entry fee included)
    expect(v(rep, 'total_fees')).toBeCloseTo(1.21, 14);
  });

  it('benchmark: first close 58 to last close 60', () => {
    expect(v(rep, 'benchmark_return')).toBeCloseTo(60 / 58 - 1, 15);
  });

  it('every metric is defined here', () => {
    expect(rep.reasons).toEqual({});
    expect(rep.values.length).toBe(METRIC_COUNT);
  });
});

describe('computeMetrics: undefined cases and their reasons', () => {
  it('empty curve', () => {
    const r = computeMetrics(input([]));
    for (const k of ['total_return', 'annualized_return', 'sharpe_ratio', 'max_drawdown', 'final_equity', 'exposure_time', 'benchmark_return'] as const) {
      expect(v(r, k), k).toBeNaN();
      expect(r.reasons[k]).toBe('the equity curve is empty');
    }
    expect(r.reasons.win_rate).toBe('no closed trades');
    expect(v(r, 'total_trades')).toBe(0);
    expect(v(r, 'total_fees')).toBe(0);
    expectReasonsConsistent(r);
  });

  it('one bar: one return (from the initial cash); drawdown 0; annualized over 1 bar still defined', () => {
    const r = computeMetrics(input([100], { initCash: 80 }));
    // total = 100/80 - 1 = 0.25; annualized = 1.25^(365/1) - 1
    expect(v(r, 'total_return')).toBe(0.25);
    expect(v(r, 'annualized_return')).toBe(Math.pow(1.25, 365) - 1);
    for (const k of ['volatility', 'sharpe_ratio'] as const) {
      expect(v(r, k), k).toBeNaN();
      expect(r.reasons[k]).toMatch(/ddof=1/);
    }
    // r = [0.25]: var = cvar = 0.25; no negative return and a positive mean → Sortino +inf
    expect(v(r, 'var_95')).toBe(0.25);
    expect(v(r, 'cvar_95')).toBe(0.25);
    expect(v(r, 'sortino_ratio')).toBe(Infinity);
    expect(r.reasons.cagr).toMatch(/same time/);
    expect(v(r, 'max_drawdown')).toBe(0);
    expect(v(r, 'max_drawdown_duration')).toBe(0);
    expect(r.reasons.avg_drawdown).toBe('no drawdown: equity never fell below its running peak');
    expect(r.reasons.calmar_ratio).toBe('no drawdown: equity never fell below its running peak');
    expectReasonsConsistent(r);
  });

  it('two bars: two returns, the first from the initial cash', () => {
    // r = [100/100 - 1, 90/100 - 1] = [0, -0.1]; mean -0.05; std (ddof=1) = sqrt(2 * 0.05²) = 0.05√2
    const r = computeMetrics(input([100, 90]));
    expect(v(r, 'volatility')).toBeCloseTo(0.05 * Math.SQRT2 * Math.sqrt(365), 12);
    expect(v(r, 'sharpe_ratio')).toBeCloseTo((-0.05 / (0.05 * Math.SQRT2)) * Math.sqrt(365), 12);
    // var: h = 0.05 → -0.1 + 0.05 * (0 - (-0.1)) = -0.095; cvar: k = 0 → the smallest, -0.1
    expect(v(r, 'var_95')).toBeCloseTo(-0.095, 15);
    expect(v(r, 'cvar_95')).toBeCloseTo(-0.1, 15);
    // downside sqrt(0.01/2) → sortino = -0.05*365/(sqrt(0.005)*sqrt(365))
    expect(v(r, 'sortino_ratio')).toBeCloseTo((-0.05 * 365) / (Math.sqrt(0.005) * Math.sqrt(365)), 12);
    expect(v(r, 'max_drawdown')).toBeCloseTo(0.1, 15);
    // unrecovered from bar 0 to bar 1: 1 day
    expect(v(r, 'max_drawdown_duration')).toBe(1);
    expectReasonsConsistent(r);
  });

  it('flat equity, no trades: zero variance, no downside, no drawdown, no trades', () => {
    const r = computeMetrics(input([100, 100, 100, 100]));
    expect(v(r, 'total_return')).toBe(0);
    expect(v(r, 'annualized_return')).toBe(0);
    expect(v(r, 'volatility')).toBe(0);
    expect(r.reasons.sharpe_ratio).toBe('zero variance of per-bar returns (standard deviation is 0)');
    expect(r.reasons.sortino_ratio).toBe('every per-bar return is 0: the ratio is 0/0');
    expect(v(r, 'max_drawdown')).toBe(0);
    expect(r.reasons.calmar_ratio).toMatch(/no drawdown/);
    expect(r.reasons.avg_drawdown).toMatch(/no drawdown/);
    expect(v(r, 'var_95')).toBe(0);
    expect(v(r, 'cvar_95')).toBe(0);
    expect(v(r, 'total_trades')).toBe(0);
    expect(v(r, 'exposure_time')).toBe(0);
    for (const k of ['win_rate', 'profit_factor', 'avg_trade_return', 'avg_trade_duration', 'expectancy', 'best_trade', 'worst_trade'] as const) {
      expect(v(r, k), k).toBeNaN();
      expect(r.reasons[k]).toBe('no closed trades');
    }
    expectReasonsConsistent(r);
  });

  it('constant 1% growth: std is rounding noise (<= 1e-14) → zero variance, not a huge Sharpe; Sortino +inf', () => {
    const eq = Array.from({ length: 50 }, (_, i) => 100 * 1.01 ** (i + 1));
    const r = computeMetrics(input(eq, { initCash: 100 }));
    expect(r.reasons.sharpe_ratio).toMatch(/zero variance/);
    expect(v(r, 'volatility')).toBe(0);
    expect(v(r, 'sortino_ratio')).toBe(Infinity);
    expect(r.reasons.sortino_ratio).toBeUndefined();
    expectReasonsConsistent(r);
  });

  it('profit factor: Infinity with no loss, 0 with no win, NaN when every pnl is 0', () => {
    const wins = computeMetrics(input([100, 101, 102], { trades: trades([{ entry: 0, exit: 1, pnl: 1, ret: 0.01 }]) }));
    expect(v(wins, 'profit_factor')).toBe(Infinity);
    expect(wins.reasons.profit_factor).toBeUndefined();
    const losses = computeMetrics(input([100, 99, 98], { trades: trades([{ entry: 0, exit: 1, pnl: -1, ret: -0.01 }]) }));
    expect(v(losses, 'profit_factor')).toBe(0);
    // expectancy with no win: 0*avg_win - 1*|-1| = -1
    expect(v(losses, 'expectancy')).toBe(-1);
    const zeros = computeMetrics(input([100, 100, 100], {
      trades: trades([{ entry: 0, exit: 1, pnl: 0, ret: 0 }, { entry: 1, exit: 2, pnl: 0, ret: 0 }]),
    }));
    expect(v(zeros, 'profit_factor')).toBeNaN();
    expect(zeros.reasons.profit_factor).toMatch(/pnl exactly 0/);
    expect(v(zeros, 'win_rate')).toBe(0);
    expect(v(zeros, 'expectancy')).toBe(0);
    expectReasonsConsistent(zeros);
  });

  it('only an open trade: trade statistics undefined, open_trades = 1, exposure and fees count it', () => {
    const tr = trades([{ entry: 1, exit: 3, pnl: 5, ret: 0.05, fees: [0.7, 0], open: true }]);
    const r = computeMetrics(input([100, 100, 103, 105], { trades: tr }));
    expect(v(r, 'total_trades')).toBe(0);
    expect(v(r, 'open_trades')).toBe(1);
    expect(r.reasons.win_rate).toBe(REASON_TEXT[REASON_NO_CLOSED_TRADES]);
    // held after bars 1, 2, 3 → 3/4
    expect(v(r, 'exposure_time')).toBe(0.75);
    expect(v(r, 'total_fees')).toBe(0.7);
  });

  it('equity reaching 0: return statistics undefined, drawdown 100%', () => {
    const r = computeMetrics(input([100, 50, 0, 0]));
    expect(v(r, 'total_return')).toBe(-1);
    expect(v(r, 'annualized_return')).toBe(-1);
    expect(r.reasons.sharpe_ratio).toMatch(/zero or negative/);
    expect(r.reasons.var_95).toMatch(/zero or negative/);
    expect(v(r, 'max_drawdown')).toBe(1);
    expect(v(r, 'calmar_ratio')).toBe(-1);
    expectReasonsConsistent(r);
  });

  it('negative final equity (a short blown up): annualized and calmar undefined', () => {
    const r = computeMetrics(input([100, 40, -50]));
    expect(v(r, 'total_return')).toBe(-1.5);
    expect(r.reasons.annualized_return).toMatch(/final equity is negative/);
    expect(r.reasons.calmar_ratio).toMatch(/final equity is negative/);
    // 1 - (-50)/100 = 1.5
    expect(v(r, 'max_drawdown')).toBe(1.5);
    expectReasonsConsistent(r);
  });

  it('non-finite equity, bad initial cash, bad bars per year, bad benchmark prices', () => {
    const nan = computeMetrics(input([100, NaN, 100]));
    expect(nan.reasons.total_return).toMatch(/non-finite/);
    expect(nan.reasons.max_drawdown).toMatch(/non-finite/);
    expect(nan.reasons.sharpe_ratio).toMatch(/non-finite/);
    expectReasonsConsistent(nan);
    const cash = computeMetrics(input([100, 110, 105], { initCash: 0 }));
    expect(cash.reasons.total_return).toMatch(/initial cash/);
    expect(cash.reasons.annualized_return).toMatch(/initial cash/);
    expect(cash.reasons.calmar_ratio).toMatch(/initial cash/);
    expect(cash.reasons.sharpe_ratio).toMatch(/initial cash/); // the first return is from initCash
    expect(cash.reasons.max_drawdown).toMatch(/initial cash/); // the first peak
    const a = computeMetrics(input([100, 110, 105], { barsPerYear: 0 }));
    for (const k of ['annualized_return', 'volatility', 'sharpe_ratio', 'sortino_ratio'] as const) {
      expect(a.reasons[k], k).toMatch(/bars per year/);
    }
    const b = computeMetrics(input([100, 110, 105], { benchmark: new Float64Array(3) }));
    expect(b.reasons.benchmark_return).toMatch(/positive finite price/);
    expectReasonsConsistent(b);
  });
});
