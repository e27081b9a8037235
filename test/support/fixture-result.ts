/**
 * Hand-built, complete and internally consistent `BacktestResult`s for report tests, independent
 * of the engine: a seeded random-walk market, SMA-cross trades with ATR stops filled at the next
 * open (DESIGN.md §3, all-in sizing), equity = cash + position * close; metrics, monthly returns and
 * the benchmark from the engine's metric functions over those records.
 * Cases: normal, no trades, one trade, only losing trades, a position open at the end, and any
 * size (e.g. 5 years of 1h bars).
 */
import { mulberry32 } from './mulberry32.js';
import { runAnnualization } from '../../src/domain/portfolio/annualization.js';
import { tradeList } from '../../src/domain/portfolio/trade-list.js';
import { labelStats } from '../../src/domain/metrics/labelled.js';
import { benchmarkEquity } from '../../src/domain/metrics/benchmark.js';
import { computeMetrics } from '../../src/domain/metrics/compute-metrics.js';
import { monthlyReturns } from '../../src/domain/metrics/monthly-returns.js';
import { makeFrame, type OhlcvFrame } from '../../src/domain/frame/frame.js';
import { timeframeMs, type Timeframe } from '../../src/domain/frame/timeframe.js';
import { DEFAULT_PORTFOLIO, type PortfolioSpec } from '../../src/domain/portfolio/spec.js';
import {
  allocOrders, allocTrades, EXIT_END_OPEN, EXIT_SIGNAL, EXIT_STOP_LOSS, EXIT_TAKE_PROFIT, type SimulationResult,
} from '../../src/kernels/sim/records.js';
import type { BacktestResult } from '../../src/orchestration/result.js';

export type FixtureTrades = 'normal' | 'none' | 'one' | 'losing';

export interface FixtureOptions {
  readonly symbol?: string;
  readonly bars?: number;
  readonly timeframe?: Timeframe;
  /** First bar time, ISO date (UTC). */
  readonly start?: string;
  readonly seed?: number;
  readonly trades?: FixtureTrades;
  /** Leave the last trade open at the last bar (exit reason `end_open`). */
  readonly openAtEnd?: boolean;
  readonly market?: 'spot' | 'swap';
  readonly synthetic?: boolean;
}

const DAY = 86_400_000;


/** A random walk with drifting regimes and volatility clustering; consistent OHLC, positive prices. */
function market(symbol: string, tf: Timeframe, n: number, start: number, seed: number, synthetic: boolean): OhlcvFrame {
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const c = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  const step = timeframeMs(tf);
  const scale = Math.sqrt(step / (365 * DAY));
  let price = 20_000;
  let vol = 0.6;
  let drift = 0.5;
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.01) drift = (rnd() - 0.45) * 3;
    vol = Math.min(1.5, Math.max(0.25, vol * (1 + 0.05 * gauss())));
    const open = price;
    const close = open * Math.exp(drift * scale * scale + vol * scale * gauss());
    const wick = open * vol * scale * 0.5;
    c.time[i] = start + i * step;
    c.open[i] = Math.round(open * 100) / 100;
    c.close[i] = Math.round(close * 100) / 100;
    c.high[i] = Math.round((Math.max(c.open[i], c.close[i]) + wick * rnd()) * 100) / 100;
    c.low[i] = Math.round((Math.min(c.open[i], c.close[i]) - wick * rnd()) * 100) / 100;
    c.volume[i] = Math.round(50 + 200 * rnd() * vol);
    price = c.close[i];
  }
  const origin = synthetic
    ? { kind: 'sample' as const, synthetic: true, exchange: 'sample', market: 'spot' as const, description: `fixture market, seed ${seed}` }
    : { kind: 'csv' as const, synthetic: false, exchange: 'csv', market: 'spot' as const, description: `fixture ${symbol} candles` };
  return makeFrame(symbol, tf, c, origin);
}

function sma(src: Float64Array, w: number): Float64Array {
  const out = new Float64Array(src.length).fill(NaN);
  let s = 0;
  for (let i = 0; i < src.length; i++) {
    s += src[i];
    if (i >= w) s -= src[i - w];
    if (i >= w - 1) out[i] = s / w;
  }
  return out;
}

function atr(f: OhlcvFrame, w: number): Float64Array {
  const tr = new Float64Array(f.length);
  for (let i = 0; i < f.length; i++) {
    const pc = i > 0 ? f.close[i - 1] : f.close[i];
    tr[i] = Math.max(f.high[i], pc) - Math.min(f.low[i], pc);
  }
  return sma(tr, w);
}

interface Window { entry: number; exit: number; side: 1 | -1; sl: number; tp: number; exitPrice: number; reason: number }

/** Pass 1: trade windows from SMA crosses (fills at the next open; stops SL before TP, gaps at the open). */
function tradeWindows(f: OhlcvFrame, fast: Float64Array, slow: Float64Array, trend: Float64Array, range: Float64Array, swap: boolean) {
  const n = f.length;
  const sig = { longEntries: new Uint8Array(n), longExits: new Uint8Array(n), shortEntries: new Uint8Array(n), shortExits: new Uint8Array(n) };
  for (let t = 1; t < n; t++) {
    if (!(fast[t - 1] === fast[t - 1] && slow[t - 1] === slow[t - 1] && trend[t] === trend[t])) continue;
    const up = fast[t] > slow[t] && fast[t - 1] <= slow[t - 1];
    const down = fast[t] < slow[t] && fast[t - 1] >= slow[t - 1];
    if (up) { sig.longEntries[t] = f.close[t] > trend[t] ? 1 : 0; sig.shortExits[t] = swap ? 1 : 0; }
    if (down) { sig.longExits[t] = 1; sig.shortEntries[t] = swap && f.close[t] < trend[t] ? 1 : 0; }
  }
  const out: Window[] = [];
  let cur: Window | null = null;
  for (let t = 1; t < n; t++) {
    if (!cur) {
      const side = sig.longEntries[t - 1] ? 1 : sig.shortEntries[t - 1] ? -1 : 0;
      if (side === 0 || !(range[t - 1] > 0)) continue;
      const ref = f.open[t];
      cur = { entry: t, exit: n - 1, side: side as 1 | -1, sl: ref - side * 2 * range[t - 1], tp: ref + side * 4 * range[t - 1], exitPrice: f.close[n - 1], reason: EXIT_END_OPEN };
    }
    const s = cur.side;
    const o = f.open[t];
    const later = t > cur.entry; // the entry bar is live for stops only after its open
    let px = NaN;
    let reason = EXIT_SIGNAL;
    if (later && (s > 0 ? sig.longExits[t - 1] : sig.shortExits[t - 1])) px = o;
    else if (later && s * (o - cur.sl) <= 0) { px = o; reason = EXIT_STOP_LOSS; }
    else if (s * ((s > 0 ? f.low[t] : f.high[t]) - cur.sl) <= 0) { px = cur.sl; reason = EXIT_STOP_LOSS; }
    else if (later && s * (o - cur.tp) >= 0) { px = o; reason = EXIT_TAKE_PROFIT; }
    else if (s * ((s > 0 ? f.high[t] : f.low[t]) - cur.tp) >= 0) { px = cur.tp; reason = EXIT_TAKE_PROFIT; }
    if (px === px) { cur.exit = t; cur.exitPrice = px; cur.reason = reason; out.push(cur); cur = null; }
  }
  if (cur) out.push(cur);
  return { sig, windows: out };
}

/** True when a window loses money after slippage and both fees, whatever its size. */
function losesPerUnit(w: Window, f: OhlcvFrame, p: PortfolioSpec): boolean {
  const entry = f.open[w.entry] * (1 + w.side * p.slippage);
  const exit = w.reason === EXIT_SIGNAL ? w.exitPrice * (1 - w.side * p.slippage) : w.exitPrice;
  return w.side * (exit - entry) - p.fees * (entry + exit) < 0;
}

/** Pass 2: fills, cash, position and equity for the chosen windows (all-in sizing, fees, slippage). */
function simulate(f: OhlcvFrame, ws: Window[], p: PortfolioSpec): SimulationResult {
  const n = f.length;
  const equity = new Float64Array(n);
  const cash = new Float64Array(n);
  const position = new Float64Array(n);
  const orders = allocOrders(2 * ws.length);
  const trades = allocTrades(ws.length);
  let c = p.initCash;
  let pos = 0;
  let k = 0;
  const order = (bar: number, side: number, price: number, units: number, fee: number) => {
    const o = orders.count++;
    orders.barIndex[o] = bar; orders.side[o] = side; orders.price[o] = price; orders.units[o] = units; orders.fee[o] = fee;
  };
  for (let t = 0; t < n; t++) {
    const w = ws[k];
    if (w && w.entry === t) {
      const fill = f.open[t] * (1 + w.side * p.slippage);
      const units = (c * p.maxPositionSize) / (fill * (1 + p.fees));
      const fee = units * fill * p.fees;
      c += -w.side * units * fill - fee;
      pos = w.side * units;
      const i = trades.count++;
      trades.entryIndex[i] = t; trades.side[i] = w.side; trades.units[i] = units; trades.entryPrice[i] = fill;
      trades.entryFee[i] = fee; trades.slLevel[i] = w.sl; trades.tpLevel[i] = w.tp;
      order(t, w.side, fill, units, fee);
    }
    if (w && w.exit === t) {
      const i = trades.count - 1;
      const open = w.reason === EXIT_END_OPEN;
      const px = open ? f.close[t] : w.reason === EXIT_SIGNAL ? w.exitPrice * (1 - w.side * p.slippage) : w.exitPrice;
      const units = trades.units[i];
      const fee = open ? 0 : units * px * p.fees;
      if (!open) { c += w.side * units * px - fee; pos = 0; order(t, -w.side, px, units, fee); }
      trades.exitIndex[i] = t; trades.exitPrice[i] = px; trades.exitFee[i] = fee; trades.exitReason[i] = w.reason;
      trades.pnl[i] = w.side * units * (px - trades.entryPrice[i]) - trades.entryFee[i] - fee;
      trades.ret[i] = trades.pnl[i] / (units * trades.entryPrice[i]);
      k++;
    }
    cash[t] = c;
    position[t] = pos;
    equity[t] = c + pos * f.close[t];
  }
  const openTrades = ws.length > 0 && ws[ws.length - 1].reason === EXIT_END_OPEN ? 1 : 0;
  return { equity, cash, position, orders, trades, closedTrades: trades.count - openTrades, openTrades, ambiguousStopBars: 0, skippedEntries: 0 };
}

/** A complete `BacktestResult` built by hand (see the file comment). */
export function fixtureResult(o: FixtureOptions = {}): BacktestResult {
  const tf = o.timeframe ?? '1h';
  const n = o.bars ?? 2_000;
  const swap = o.market === 'swap';
  const portfolio: PortfolioSpec = { ...DEFAULT_PORTFOLIO, market: o.market ?? 'spot' };
  const frame = market(o.symbol ?? 'BTC/USDT', tf, n, Date.parse(o.start ?? '2023-01-01'), o.seed ?? 7, o.synthetic ?? true);
  const fast = sma(frame.close, 20);
  const slow = sma(frame.close, 50);
  const trend = sma(frame.close, 200);
  const range = atr(frame, 14);
  const { sig, windows } = tradeWindows(frame, fast, slow, trend, range, swap);
  let ws = windows.filter((w) => w.reason !== EXIT_END_OPEN);
  const mode = o.trades ?? 'normal';
  if (mode === 'none') ws = [];
  if (mode === 'one') ws = ws.slice(0, 1);
  if (mode === 'losing') ws = ws.filter((w) => losesPerUnit(w, frame, portfolio));
  if (o.openAtEnd && ws.length > 0) {
    const last = ws[ws.length - 1];
    ws[ws.length - 1] = { ...last, exit: n - 1, exitPrice: frame.close[n - 1], reason: EXIT_END_OPEN };
  }
  const sim = simulate(frame, ws, portfolio);
  const bench = benchmarkEquity(frame.close, portfolio.initCash);
  const annualization = runAnnualization(frame, portfolio);
  const metrics = computeMetrics({
    equity: sim.equity, time: frame.time, benchmark: frame.close, trades: sim.trades,
    initCash: portfolio.initCash, barsPerYear: annualization.periodsPerYear,
  });
  const params = { short_ma_window: 20, long_ma_window: 50, trend_ma_window: 200, atr_period: 14, ma_type: 'SMA', sl_atr_multiplier: 2, tp_atr_multiplier: 4 };
  return {
    symbol: frame.symbol,
    frame,
    strategy: { id: 'dma_atr_trend', name: 'DMA-ATR-Trend', params },
    portfolio,
    indicators: { short_ma: fast, long_ma: slow, trend_ma: trend, atr: range },
    indicatorPlacement: { short_ma: 'price', long_ma: 'price', trend_ma: 'price', atr: 'panel' },
    signals: { ...sig, slDistance: null, tpDistance: null, slFraction: NaN, tpFraction: NaN },
    sim,
    // Metrics and monthly returns from the engine's own functions, over the hand-built records.
    metrics,
    stats: labelStats(metrics),
    trades: tradeList(frame.symbol, sim.trades, frame, portfolio.execution),
    monthly: monthlyReturns(sim.equity, frame.time, sim.trades, portfolio.initCash),
    benchmarkEquity: bench,
    annualization,
    quality: { symbol: frame.symbol, timeframe: tf, bars: n, firstTime: new Date(frame.time[0]).toISOString(), lastTime: new Date(frame.time[n - 1]).toISOString(), findings: [], droppedBars: 0 },
    timings: [{ step: 'Indicators calculated', seconds: 0.01 }, { step: 'Portfolio simulation completed', seconds: 0.02 }],
    warnings: mode === 'none' ? ['No entry signal was filled: the strategy made no trade.'] : [],
  };
}
