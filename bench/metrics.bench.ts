/**
 * Metrics time on one year of 1h (8,760 bars) of DMA-ATR-Trend on the sample market:
 * - `computeMetricsInto`: the catalog the optimizer computes per combination (scratch reused);
 * - `computeMetrics`: the catalog plus the full statistics set and reason texts (a single run);
 * - cold: the first 600 `computeMetricsInto` calls in a fresh process (an optimizer thread runs
 *   about that many per 1,200-combination grid on 2 threads), over 20 parameter sets' curves;
 *   process CPU time (compiler threads included) and wall time, median of 5 processes.
 * Target (issue 9): `computeMetrics` within 2× of the 88 µs `computeMetricsInto` took before the
 * full statistics set. Median of many calls after a warm-up. The machine may be shared.
 *   npx tsx bench/metrics.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SampleMarketSource } from '../src/adapters/data/sample-market.js';
import { METRIC_COUNT } from '../src/domain/metrics/catalog.js';
import { computeMetrics } from '../src/domain/metrics/compute-metrics.js';
import { computeMetricsInto } from '../src/domain/metrics/compute-metrics-into.js';
import { createMetricsScratch, type MetricsInput } from '../src/domain/metrics/metrics-input.js';
import { dmaAtrTrend } from '../src/domain/strategies/dma-atr-trend.js';
import { DEFAULT_PORTFOLIO } from '../src/domain/portfolio/spec.js';
import { runBacktest } from '../src/orchestration/run-backtest.js';

/** The trade columns `computeMetricsInto` reads, as plain arrays (for the cold child process). */
const TRADE_COLUMNS = ['entryIndex', 'exitIndex', 'entryFee', 'exitFee', 'pnl', 'ret', 'exitReason'] as const;

if (process.argv[2] === 'cold') {
  await coldChild(process.argv[3]);
  process.exit(0);
}

const { frame } = await new SampleMarketSource().load({ symbol: 'BTC/USDT', timeframe: '1h', start: Date.UTC(2023, 0, 1), end: Date.UTC(2024, 0, 1) });
const r = runBacktest({ frame, strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO });
const input: MetricsInput = {
  equity: r.sim.equity, time: frame.time, benchmark: frame.close, trades: r.sim.trades,
  initCash: DEFAULT_PORTFOLIO.initCash, barsPerYear: 8760,
};

function time(label: string, fn: () => void, calls = 2000): void {
  for (let i = 0; i < 500; i++) fn();
  const samples: number[] = [];
  for (let k = 0; k < 15; k++) {
    const t0 = performance.now();
    for (let i = 0; i < calls / 15; i++) fn();
    samples.push(((performance.now() - t0) * 1000) / (calls / 15));
  }
  samples.sort((a, b) => a - b);
  console.log(`${label}: best ${samples[0].toFixed(1)} µs, median ${samples[samples.length >> 1].toFixed(1)} µs per call`);
}

console.log(`one year of 1h: ${frame.length.toLocaleString('en-US')} bars, ${r.sim.trades.count} trades`);
const out = new Float64Array(METRIC_COUNT);
const scratch = createMetricsScratch(frame.length);
time('computeMetricsInto (optimizer: catalog only)', () => computeMetricsInto(input, out, scratch));
time('computeMetrics (catalog + full statistics + reasons; target < 176 µs = 2 × 88 µs)', () => computeMetrics(input, scratch));
await coldFigure();

/** Runs the cold measurement in 5 fresh processes (this file with `cold`) and prints the medians. */
async function coldFigure(): Promise<void> {
  const curves: { equity: number[]; trades: Record<string, number[] | number> }[] = [];
  for (const short of [10, 20, 30, 40]) {
    for (const sl of [0, 1.5, 2, 3, 4]) {
      const p = { ...dmaAtrTrend.defaults, short_ma_window: short, long_ma_window: short + 30, sl_atr_multiplier: sl };
      const run = runBacktest({ frame, strategy: dmaAtrTrend, params: p, portfolio: DEFAULT_PORTFOLIO });
      const t = run.sim.trades;
      const trades: Record<string, number[] | number> = { count: t.count };
      for (const k of TRADE_COLUMNS) trades[k] = Array.from(t[k].subarray(0, t.count));
      curves.push({ equity: Array.from(run.sim.equity), trades });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'metrics-bench-'));
  try {
    const file = join(dir, 'curves.json');
    writeFileSync(file, JSON.stringify({ time: Array.from(frame.time), close: Array.from(frame.close), curves }));
    const runs: { cpu: number; wall: number }[] = [];
    for (let k = 0; k < 5; k++) {
      const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), 'cold', file], { encoding: 'utf8' });
      runs.push(JSON.parse(out.trim().split('\n').pop()!));
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    console.log(`computeMetricsInto cold (first 600 calls in a fresh process, 20 curves): median CPU ${med(runs.map((r) => r.cpu)).toFixed(1)} ms, wall ${med(runs.map((r) => r.wall)).toFixed(1)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In a fresh process: 600 calls over the curves in `file`, printing CPU and wall time as JSON. */
async function coldChild(file: string): Promise<void> {
  const { allocTrades } = await import('../src/kernels/sim/records.js');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { time: number[]; close: number[]; curves: { equity: number[]; trades: Record<string, number[] | number> }[] };
  const time = Float64Array.from(data.time);
  const close = Float64Array.from(data.close);
  const inputs: MetricsInput[] = data.curves.map((c) => {
    const count = c.trades.count as number;
    const trades = allocTrades(Math.max(count, 1));
    for (const k of TRADE_COLUMNS) trades[k].set(c.trades[k] as number[]);
    trades.count = count;
    return { equity: Float64Array.from(c.equity), time, benchmark: close, trades, initCash: DEFAULT_PORTFOLIO.initCash, barsPerYear: 8760 };
  });
  // Imported only now: nothing of the metrics has run in this process before the timed calls.
  const { computeMetricsInto: cold } = await import('../src/domain/metrics/compute-metrics-into.js');
  const { createMetricsScratch: scratchOf } = await import('../src/domain/metrics/metrics-input.js');
  const row = new Float64Array(METRIC_COUNT);
  const scratch = scratchOf(time.length);
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < 600; i++) cold(inputs[i % inputs.length], row, scratch);
  const wall = performance.now() - w0;
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ cpu: (c.user + c.system) / 1000, wall }));
}
