/** `--min-trades` (issue 9 item 11): combinations with fewer closed trades rank after all others. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BacktestRunner, METRIC_INDEX } from '../../src/index.js';
import { METRIC_COUNT } from '../../src/domain/metrics/catalog.js';

describe('minTrades', () => {
  it('the best has at least minTrades closed trades; every demoted row ranks after every kept one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bt-mintrades-'));
    const runner = new BacktestRunner({ exchange: 'sample' });
    const data = await runner.loadData('BTC/USDT', '4h', '2023-01-01', '2023-07-01');
    const ranges = { short_ma_window: [5, 10, 20], long_ma_window: [30, 60, 90], trend_ma_window: [120, 200] };
    const plain = await runner.runOptimization(data, 'dma_atr_trend', {}, ranges, { outputDir: join(dir, 'a'), metric: 'total_return', workers: 1 });
    const trades = (p: number, rows: Float64Array) => rows[p * METRIC_COUNT + METRIC_INDEX.total_trades];
    const r0 = plain.symbols[0].result;
    const counts = Array.from(r0.ranking, (p) => trades(p, r0.rows));
    const min = Math.max(...counts); // only the most active combinations are kept
    expect(trades(r0.ranking[0], r0.rows)).toBeLessThan(min); // otherwise the test shows nothing
    const out = await runner.runOptimization(data, 'dma_atr_trend', {}, ranges, { outputDir: join(dir, 'b'), metric: 'total_return', workers: 1, minTrades: min });
    const r = out.symbols[0].result;
    const ok = Array.from(r.ranking, (p) => trades(p, r.rows) >= min);
    expect(ok[0]).toBe(true);
    const firstDemoted = ok.indexOf(false);
    expect(ok.slice(firstDemoted).every((x) => !x)).toBe(true);
    expect(out.symbols[0].best!.stats.total_trades.value).toBeGreaterThanOrEqual(min);
  }, 120_000);
});
