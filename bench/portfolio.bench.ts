/**
 * Portfolio speed (`npm run bench`, or `npx tsx bench/portfolio.bench.ts` after `npm run build`), in process:
 * (a) 4 symbols (BTC, ETH, SOL, ADA 1h 2023 from ../shared/data; the sample market when absent) as one
 *     account, DMA-ATR-Trend defaults, close mode: the simulation alone, and the whole run (strategy on
 *     each symbol, simulation, metrics, contributions). Target < 20 ms.
 * (b) 50 symbols × a year of 1h (sample market, synthetic) as one account, whole run. Target < 300 ms.
 * (c) a portfolio optimization of the guide's 1,200-combination DMA-ATR grid over the 4 symbols of (a),
 *     on 2 worker threads (warm) and in this thread. Target < 2 s.
 * Best and median of several repetitions; the machine may be shared (load average printed).
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CsvSource } from '../dist/adapters/data/csv-source.js';
import { SampleMarketSource } from '../dist/adapters/data/sample-market.js';
import type { OhlcvFrame } from '../dist/domain/frame/frame.js';
import { simulatePortfolio } from '../dist/domain/portfolio/simulate-portfolio.js';
import { DEFAULT_PORTFOLIO } from '../dist/domain/portfolio/spec.js';
import { dmaAtrTrend } from '../dist/domain/strategies/dma-atr-trend.js';
import { runPortfolioBacktest } from '../dist/orchestration/run-portfolio-backtest.js';
import { strategySignals } from '../dist/orchestration/strategy-signals.js';
import { sharedDataDir } from '../test/support/shared-data.js';
import { PiscinaPool } from '../dist/adapters/pool/piscina-pool.js';
import { planEvaluations } from '../dist/domain/params/evaluation-plan.js';
import { buildParamSpace } from '../dist/domain/params/param-space.js';
import { InProcessPool } from '../dist/orchestration/optimize/in-process-pool.js';
import { optimizePortfolio } from '../dist/orchestration/optimize/optimize-portfolio.js';

const spec = { ...DEFAULT_PORTFOLIO, execution: 'close' as const };
const mode = { stake: { kind: 'amount' as const, value: 30_000 } };
const range = { timeframe: '1h' as const, start: Date.UTC(2023, 0, 1), end: Date.UTC(2024, 0, 1) };

function time(label: string, reps: number, fn: () => void): void {
  const t: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  t.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  // CPU time is the fairer figure on a shared machine (wall time includes waiting for a core).
  console.log(`${label.padEnd(64)} wall best ${t[0].toFixed(1)} ms, median ${t[t.length >> 1].toFixed(1)} ms; CPU median ${cpu[cpu.length >> 1].toFixed(1)} ms`);
}

async function load(symbols: string[], real: boolean): Promise<OhlcvFrame[]> {
  const source = real ? new CsvSource({ dataDir: sharedDataDir }) : new SampleMarketSource();
  const out: OhlcvFrame[] = [];
  for (const symbol of symbols) out.push((await source.load({ symbol, ...range })).frame);
  return out;
}

console.log(`load average: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const real = existsSync(sharedDataDir);
const four = await load(['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'ADA/USDT'], real);
const params = dmaAtrTrend.defaults;
const signals = four.map((f) => strategySignals(f, dmaAtrTrend, params, 'spot').signals);
const legs = four.map((f, i) => ({ symbol: f.symbol, time: f.time, prices: f, signals: signals[i] }));
const what = real ? 'real' : 'SYNTHETIC';
for (let w = 0; w < 20; w++) runPortfolioBacktest({ frames: four, strategy: dmaAtrTrend, params, portfolio: spec, mode });
time(`(a) 4 symbols × ${four[0].length} 1h bars (${what}): simulation only`, 50, () => simulatePortfolio(legs, spec, mode));
time(`(a) 4 symbols × ${four[0].length} 1h bars (${what}): whole run (target < 20 ms)`, 30,
  () => runPortfolioBacktest({ frames: four, strategy: dmaAtrTrend, params, portfolio: spec, mode }));

const many = await load(Array.from({ length: 50 }, (_, i) => `S${i}/USDT`), false);
runPortfolioBacktest({ frames: many, strategy: dmaAtrTrend, params, portfolio: spec, mode: { stake: { kind: 'equal' } } });
time(`(b) 50 symbols × ${many[0].length} 1h bars (SYNTHETIC): whole run (target < 300 ms)`, 10,
  () => runPortfolioBacktest({ frames: many, strategy: dmaAtrTrend, params, portfolio: spec, mode: { stake: { kind: 'equal' } } }));

const GRID = { short_ma_window: [10, 15, 20, 25, 30], long_ma_window: [40, 50, 60, 70, 80], trend_ma_window: [150, 200, 250],
  sl_atr_multiplier: [1.5, 2, 2.5, 3], tp_atr_multiplier: [3, 4, 5, 6] };
const space = buildParamSpace(dmaAtrTrend, dmaAtrTrend.defaults, GRID, { method: 'grid' });
if (!space.ok) throw new Error('bad grid');
const plan = planEvaluations(space.value, dmaAtrTrend, { method: 'grid' });
let jobs = 0;
const optimize = (pool: import('../dist/orchestration/optimize/job.js').EvaluationPool) => optimizePortfolio({
  jobId: `pbench-${jobs++}`, frames: four, def: dmaAtrTrend, source: { kind: 'builtin', id: 'dma_atr_trend' }, space: space.value, plan,
  portfolio: spec, mode, metric: 'sharpe_ratio',
}, pool);
const pool = new PiscinaPool(2);
await optimize(pool);
const times: number[] = [];
const cpus: number[] = [];
let best = '';
for (let i = 0; i < 3; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await optimize(pool);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpus.push((c.user + c.system) / 1e6);
  best = ` ${r.completed} combinations, best grid index ${r.order[r.ranking[0]]}`;
}
await pool.close();
times.sort((a, b) => a - b);
cpus.sort((a, b) => a - b);
// Process CPU time counts every thread: on 2 free cores the wall time would be about half of it.
console.log(`(c) portfolio optimization, ${plan.order.length} combinations × 4 symbols, 2 threads (warm, target < 2 s): wall best ${(times[0] / 1000).toFixed(2)} s, median ${(times[1] / 1000).toFixed(2)} s; CPU (all threads) median ${cpus[1].toFixed(2)} s;${best}`);
const inproc = new InProcessPool(async () => dmaAtrTrend);
const c1 = process.cpuUsage();
const t1 = performance.now();
await optimize(inproc);
const c2 = process.cpuUsage(c1);
console.log(`(c) the same in this thread: wall ${((performance.now() - t1) / 1000).toFixed(2)} s, CPU ${((c2.user + c2.system) / 1e6).toFixed(2)} s`);
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
