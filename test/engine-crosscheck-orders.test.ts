/**
 * The issue-10 order types checked by a second, plain implementation on real candles: DMA-ATR-Trend's
 * entry/exit signals on BTC/USDT 1h 2023 (the signals themselves are cross-checked in
 * engine-crosscheck.test.ts), with entries as limit orders `0.5·ATR` below the close valid 3 bars, a
 * trailing stop `3·ATR` under the best price armed after +1%, and the ATR stop-loss/take-profit,
 * in both execution modes. The loop below follows docs/semantics.md literally, one bar at a time,
 * with its own ATR; every fill, every exit reason and the equity curve must agree.
 */
import { describe, expect, it } from 'vitest';
import { makeFrame, sliceFrame } from '../src/domain/frame/frame.js';
import { dmaAtrTrend, DMAATRTrendStrategy } from '../src/domain/strategies/dma-atr-trend.js';
import { MemoIndicatorCache, type Signals } from '../src/domain/strategies/strategy.js';
import { simulate } from '../src/domain/portfolio/simulate.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from '../src/domain/portfolio/spec.js';
import { EXIT_REASONS } from '../src/domain/portfolio/records.js';
import { readOhlcvCsv } from './support/read-csv.js';
import { hasSharedData, sharedDataPath } from './support/shared-data.js';

type Bars = { open: Float64Array; high: Float64Array; low: Float64Array; close: Float64Array };
interface Fill { bar: number; side: 1 | -1; price: number; units: number; fee: number }
const LIMIT_ATR = 0.5, TRAIL_ATR = 3, ACTIVATION = 0.01, EXPIRY = 3, SL_ATR = 2, TP_ATR = 4;

/** TA-Lib ATR written out: TR from bar 1, first ATR at bar p = mean(TR[1..p]), then Wilder smoothing. */
function naiveAtr(b: Bars, p: number): number[] {
  const n = b.close.length;
  const out = new Array<number>(n).fill(NaN);
  let a = 0;
  for (let t = 1; t < n; t++) {
    const tr = Math.max(b.high[t] - b.low[t], Math.abs(b.high[t] - b.close[t - 1]), Math.abs(b.low[t] - b.close[t - 1]));
    if (t < p) a += tr;
    else if (t === p) out[t] = (a + tr) / p;
    else out[t] = (out[t - 1] * (p - 1) + tr) / p;
  }
  return out;
}

/** Long-only (spot), docs/semantics.md read literally. */
function plainRun(b: Bars, le: Uint8Array, lx: Uint8Array, atr: number[], spec: PortfolioSpec) {
  const n = b.close.length;
  const nextOpen = spec.execution === 'next_open';
  const { fees: f, slippage: s } = spec;
  let cash = spec.initCash, units = 0;
  // position: entry bar, reference, fixed levels, trailing distance, best price, first live bars
  type Pos = { bar: number; ref: number; sl: number; tp: number; d: number; best: number; stopFrom: number; bestFrom: number };
  let pos = null as Pos | null;
  let order = null as { level: number; sig: number; from: number; until: number } | null;
  let pending = null as 'enter' | 'exit' | null;
  let expired = 0;
  const fills: Fill[] = [], reasons: string[] = [], equity: number[] = [];
  const buy = (t: number, price: number, ref: number, sig: number, live: number) => {
    const u = cash / (price * (1 + f));
    cash -= u * price * (1 + f);
    units = u;
    fills.push({ bar: t, side: 1, price, units: u, fee: f * u * price });
    pos = { bar: t, ref, sl: ref - SL_ATR * atr[sig], tp: ref + TP_ATR * atr[sig], d: TRAIL_ATR * atr[sig], best: ref, stopFrom: live, bestFrom: live };
  };
  const sell = (t: number, price: number, why: string) => {
    cash += units * price * (1 - f);
    fills.push({ bar: t, side: -1, price, units, fee: f * units * price });
    reasons.push(why);
    units = 0;
    pos = null;
  };
  // The protective level: the fixed stop-loss or, once armed, the trailing level if higher.
  const guard = (p: Pos) => {
    const trail = p.best >= p.ref * (1 + ACTIVATION) ? p.best - p.d : -Infinity;
    return trail > p.sl ? { level: trail, why: 'trailing_stop' } : { level: p.sl, why: 'stop_loss' };
  };
  for (let t = 0; t < n; t++) {
    let stopped = false;
    if (pending === 'enter') buy(t, b.open[t] * (1 + s), b.open[t], t - 1, t);
    else if (pending === 'exit') sell(t, b.open[t] * (1 - s), 'signal');
    pending = null;
    if (order !== null && pos === null && t >= order.from) {
      const px = b.open[t] <= order.level ? b.open[t] : b.low[t] <= order.level ? order.level : NaN;
      if (!Number.isNaN(px)) {
        buy(t, px, px, order.sig, t + 1);
        order = null;
        const g = guard(pos!);
        if (b.low[t] <= g.level) { sell(t, g.level, g.why); stopped = true; }
      } else if (t >= order.until) { order = null; expired++; }
    }
    if (pos !== null && t >= pos.stopFrom) {
      const p = pos;
      const g = guard(p);
      const gap = t > p.bar;
      if (gap && b.open[t] <= g.level) { sell(t, b.open[t], g.why); stopped = true; }
      else if (b.low[t] <= g.level) { sell(t, g.level, g.why); stopped = true; }
      else if (gap && b.open[t] >= p.tp) { sell(t, b.open[t], 'take_profit'); stopped = true; }
      else if (b.high[t] >= p.tp) { sell(t, p.tp, 'take_profit'); stopped = true; }
    }
    if (pos !== null && t >= pos.bestFrom) pos.best = Math.max(pos.best, b.high[t]);
    if (!stopped || nextOpen) {
      const enter = le[t] === 1 && lx[t] === 0, exit = lx[t] === 1 && le[t] === 0;
      if (pos !== null && exit) {
        if (nextOpen) { if (t + 1 < n) pending = 'exit'; } else sell(t, b.close[t] * (1 - s), 'signal');
      } else if (pos === null && enter) {
        const level = b.close[t] - LIMIT_ATR * atr[t];
        if (!nextOpen && b.close[t] <= level) buy(t, b.close[t] * (1 + s), b.close[t], t, t + 1);
        else order = t + 1 < n ? { level, sig: t, from: t + 1, until: t + EXPIRY } : null;
      } else if (pos === null && order !== null && exit) order = null;
    }
    equity.push(cash + units * b.close[t]);
  }
  if (order !== null) expired++;
  return { fills, reasons, equity, expired };
}

function expectClose(actual: number, expected: number, what: string) {
  if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) throw new Error(`${what}: engine ${actual} vs plain ${expected}`);
}

describe.skipIf(!hasSharedData)('limit entries and trailing stops vs a plain re-computation on BTC/USDT 1h 2023 (needs ../shared/data)', () => {
  const cols = hasSharedData ? readOhlcvCsv(sharedDataPath('binance_BTC-USDT_1h.csv')) : null;
  for (const execution of ['close', 'next_open'] as const) {
    it(`agrees on every fill, exit reason and equity value (${execution})`, () => {
      const full = makeFrame('BTC/USDT', '1h', cols!, { kind: 'csv', synthetic: false, exchange: 'binance', market: 'spot', description: 'shared data' });
      const frame = sliceFrame(full, Date.UTC(2023, 0, 1), Date.UTC(2024, 0, 1));
      const parsed = dmaAtrTrend.parseParams({ short_ma_window: 10, long_ma_window: 30, trend_ma_window: 100, sl_atr_multiplier: SL_ATR, tp_atr_multiplier: TP_ATR });
      if (!parsed.ok) throw new Error('bad params');
      const strat = new DMAATRTrendStrategy(frame, parsed.value, { market: 'spot', cache: new MemoIndicatorCache() });
      strat.initIndicators();
      const base = strat.generateSignals();
      const atr = naiveAtr(frame, parsed.value.atr_period);
      const atrF = Float64Array.from(atr);
      const signals: Signals = {
        ...base, entryLevel: Float64Array.from(frame.close, (c, t) => c - LIMIT_ATR * atr[t]), trailDistance: atrF.map((a) => TRAIL_ATR * a),
      };
      const spec: PortfolioSpec = { ...DEFAULT_PORTFOLIO, execution, market: 'spot', entryOrder: 'limit', entryExpiryBars: EXPIRY, trailingActivation: ACTIVATION };
      const engine = simulate(frame, signals, spec);
      const plain = plainRun(frame, base.longEntries, base.longExits, atr, spec);

      const t = engine.trades;
      const reasons = Array.from(t.exitReason.subarray(0, engine.closedTrades), (r) => EXIT_REASONS[r]);
      for (const r of ['signal', 'stop_loss', 'take_profit', 'trailing_stop']) expect(reasons, `exit reason ${r} occurs`).toContain(r);
      expect(reasons).toEqual(plain.reasons);
      expect(engine.expiredOrders).toBe(plain.expired);
      expect(plain.expired).toBeGreaterThan(3);
      expect(plain.fills.length).toBeGreaterThan(40);
      const o = engine.orders;
      expect(o.count).toBe(plain.fills.length);
      for (let i = 0; i < o.count; i++) {
        const f = plain.fills[i];
        expect([o.barIndex[i], o.side[i]], `fill ${i}`).toEqual([f.bar, f.side]);
        expectClose(o.price[i], f.price, `fill ${i} price`);
        expectClose(o.units[i], f.units, `fill ${i} units`);
        expectClose(o.fee[i], f.fee, `fill ${i} fee`);
      }
      for (let k = 0; k < frame.length; k++) expectClose(engine.equity[k], plain.equity[k], `equity at bar ${k}`);
    });
  }
});
