/** Backtest results and their output folders for the browser tests. */
import { mkdir, rm } from 'node:fs/promises';
import { SampleMarketSource } from '../../../src/adapters/data/sample-market.js';
import { writeCsvFiles } from '../../../src/adapters/report/csv/write-csv-files.js';
import { writeIndexPage, writeReports, type NavLink, type RunInfo } from '../../../src/adapters/report/html/index.js';
import type { Timeframe } from '../../../src/domain/frame/timeframe.js';
import { EXIT_LIQUIDATION } from '../../../src/domain/portfolio/records.js';
import { DEFAULT_PORTFOLIO } from '../../../src/domain/portfolio/spec.js';
import { dmaAtrTrend } from '../../../src/domain/strategies/dma-atr-trend.js';
import type { BacktestResult } from '../../../src/orchestration/result.js';
import { runBacktest } from '../../../src/orchestration/run-backtest.js';

export interface SampleRunRequest {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly start: string;
  readonly end: string;
  readonly market?: 'spot' | 'swap';
}

/** A real DMA-ATR-Trend backtest (default parameters) on the built-in sample market. */
export async function sampleRun(req: SampleRunRequest): Promise<BacktestResult> {
  const market = req.market ?? 'spot';
  const loaded = await new SampleMarketSource({ market }).load({
    symbol: req.symbol, timeframe: req.timeframe, start: Date.parse(req.start), end: Date.parse(req.end),
  });
  const params = dmaAtrTrend.parseParams({});
  if (!params.ok) throw new Error('default DMA-ATR-Trend parameters rejected');
  return runBacktest({ frame: loaded.frame, strategy: dmaAtrTrend, params: params.value, portfolio: { ...DEFAULT_PORTFOLIO, market }, quality: loaded.quality });
}

export function runInfoFor(results: readonly BacktestResult[], extra: Partial<RunInfo> = {}): RunInfo {
  const r = results[0];
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return {
    symbols: results.map((x) => x.symbol), timeframe: r.frame.timeframe,
    start: iso(r.frame.time[0]), end: null,
    strategy: { id: r.strategy.id, name: r.strategy.name, params: r.strategy.params },
    portfolio: r.portfolio, origin: r.frame.origin, command: 'backtester --exchange sample (browser test)',
    ...extra,
  };
}

/** Writes what a run writes for one symbol: the CSVs, the reports, equity.svg and index.html. */
export async function writeRun(result: BacktestResult, dir: string, info: RunInfo = runInfoFor([result]), up?: NavLink): Promise<string[]> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const csv = await writeCsvFiles(result, dir);
  const reports = await writeReports(result, dir, { up });
  await writeIndexPage(dir, info, { up });
  return [...csv, ...reports, 'index.html'];
}

/** Series each chart should hold for `r`, by page and chart id (the pages' specification). */
export function expectedSeries(r: BacktestResult): Record<string, Record<string, number>> {
  const t = r.sim.trades;
  const n = t.count;
  let shorts = 0, sl = 0, tp = 0, signals = 0;
  for (let i = 0; i < n; i++) {
    shorts += t.side[i] < 0 ? 1 : 0;
    sl += Number.isFinite(t.slLevel[i]) ? 1 : 0;
    tp += Number.isFinite(t.tpLevel[i]) ? 1 : 0;
  }
  for (const k of ['longEntries', 'longExits', 'shortEntries', 'shortExits'] as const) signals += r.signals[k].some((x) => x === 1) ? 1 : 0;
  const names = Object.keys(r.indicators);
  const priceInd = names.filter((k) => r.indicatorPlacement[k] === 'price').length;
  const open = r.sim.openTrades > 0 ? 1 : 0;
  const years = new Set(r.monthly.map((m) => m.year)).size;
  let liquidations = 0, levels = 0;
  for (let i = 0; i < n; i++) {
    liquidations += t.exitReason[i] === EXIT_LIQUIDATION ? 1 : 0;
    levels += t.liqPrice[i] > 0 ? 1 : 0;
  }
  // Candles, price indicators, entries, exits (two series: wins and losses), liquidations, open position, stop levels,
  // liquidation levels, signals, volume, panel indicators, equity, then cumulative funding and payments.
  const price = 1 + priceInd + 1 + (r.portfolio.market === 'swap' || shorts > 0 ? 1 : 0) + 2 + (liquidations ? 1 : 0) + open
    + (sl ? 1 : 0) + (tp ? 1 : 0) + (levels ? 1 : 0) + (signals ? 1 : 0) + 1 + (names.length - priceInd) + 1 + (r.sim.futures?.fundingData ? 2 : 0);
  return {
    'overview.html': { 'chart-equity-drawdown': 3, 'chart-monthly-heatmap': 1, 'chart-trade-returns': 2, 'chart-exit-reasons': 1 },
    'equity.html': { 'chart-cumulative-return': 2, 'chart-rolling-sharpe': 1, 'chart-rolling-volatility': 1, 'chart-underwater': 1, 'chart-return-histogram': 1 },
    'drawdowns.html': { 'chart-drawdown-periods': 2 },
    'trades.html': {
      'chart-trade-timeline': 2 + open, 'chart-trade-pnl': 2, 'chart-trade-duration': 2, 'chart-trade-excursions': 2, 'chart-streaks': 2,
      'chart-timing-weekday': 3, 'chart-timing-hour': 3,
    },
    'indicators.html': { 'chart-price': price, 'chart-indicator-correlation': 1 },
    'monthly_returns.html': { 'chart-monthly-heatmap': 1, 'chart-seasonality': 2, 'chart-yearly': 1, 'chart-year-over-year': years },
  };
}
