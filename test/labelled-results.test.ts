/**
 * Results that explain themselves (issue 9 item 10), through the public API: `result.stats` keyed
 * by metric name with reasons, `result.trades` as row objects, and `metricValue` on every result
 * shape (report, result, labelled stats, the optimizer's best combination).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BacktestRunner, DEFAULT_PORTFOLIO, dmaAtrTrend, METRIC_INDEX, METRICS, metricValue, runBacktest, SampleMarketSource, STATISTICS,
} from '../src/index.js';
import { readCsvRows } from './support/csv.js';

describe('labelled results', () => {
  it('runBacktest: stats keyed by name (values = the arrays, reasons on undefined ones), trades as rows', async () => {
    const { frame } = await new SampleMarketSource().load({ symbol: 'BTC/USDT', timeframe: '4h', start: Date.UTC(2023, 0, 1), end: Date.UTC(2023, 7, 1) });
    const r = runBacktest({ frame, strategy: dmaAtrTrend, params: dmaAtrTrend.defaults, portfolio: DEFAULT_PORTFOLIO });
    expect(Object.keys(r.stats)).toEqual([...METRICS.map((m) => m.key), ...STATISTICS.map((m) => m.key)]);
    METRICS.forEach((m, i) => expect(Object.is(r.stats[m.key].value, r.metrics.values[i]), m.key).toBe(true));
    for (const [k, s] of Object.entries(r.stats)) {
      if (Number.isNaN(s!.value)) expect(s!.reason, k).toMatch(/\w/);
      else expect(s!.reason, k).toBeUndefined();
    }
    expect(r.stats.sharpe_ratio.unit).toBe('ratio');
    // metricValue on every shape
    for (const src of [r, r.metrics, r.stats]) {
      expect(metricValue(src, 'sharpe_ratio')).toBe(r.metrics.values[METRIC_INDEX.sharpe_ratio]);
      expect(metricValue(src, 'sqn')).toBe(r.stats.sqn!.value);
    }
    expect(r.trades.length).toBe(r.sim.trades.count);
    const t = r.trades[0];
    expect(t.symbol).toBe('BTC/USDT');
    expect(t.entryTime).toBe(new Date(frame.time[r.sim.trades.entryIndex[0]]).toISOString().replace('.000Z', 'Z'));
    expect(t.pnl).toBe(r.sim.trades.pnl[0]);
    expect(t.mae).toBeLessThanOrEqual(0);
    expect(t.mfe).toBeGreaterThanOrEqual(0);
  });

  it('the optimizer’s best combination has the same stats shape; metricValue reads it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-labelled-'));
    const runner = new BacktestRunner({ exchange: 'sample' });
    const data = await runner.loadData('BTC/USDT', '4h', '2023-01-01', '2023-07-01');
    const out = await runner.runOptimization(data, 'dma_atr_trend', {}, { short_ma_window: [10, 20], long_ma_window: [50, 60] },
      { outputDir: join(dir, 'opt'), metric: 'sharpe_ratio', workers: 1 });
    const best = out.symbols[0].best!;
    expect(metricValue(best, 'sharpe_ratio')).toBe(best.metrics[METRIC_INDEX.sharpe_ratio]);
    expect(best.stats.sharpe_ratio.value).toBe(best.metrics[METRIC_INDEX.sharpe_ratio]);
    expect(Number.isNaN(metricValue(best.stats, 'sqn')) || Number.isFinite(metricValue(best.stats, 'sqn'))).toBe(true);
    expect(Object.keys(best.stats)).toContain('probabilistic_sharpe_ratio');
    // trades.csv rows and result.trades agree
    const single = await runner.runSingleBacktest(data, 'dma_atr_trend', best.params, {}, join(dir, 'single'));
    const csv = readCsvRows(join(dir, 'single', 'trades.csv'));
    expect(csv.map((row) => row.entry_time)).toEqual(single.results[0].trades.map((x) => x.entryTime));
    expect(csv.map((row) => Number(row.mae))).toEqual(single.results[0].trades.map((x) => x.mae));
    expect(await readFile(join(dir, 'single', 'performance_metrics.csv'), 'utf8')).toMatch(/\nprobabilistic_sharpe_ratio,/);
  }, 120_000);
});
