/**
 * The portfolio through the public API: `BacktestRunner.runPortfolioBacktest` returns the account
 * labelled by symbol and writes portfolio/; the pure `runPortfolioBacktest` gives the same numbers;
 * `--optimize` with the portfolio mode is refused with a reason.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BacktestRunner, DEFAULT_PORTFOLIO, dmaAtrTrend, metricValue, runPortfolioBacktest, UsageError } from '../../src/index.js';
import { tempDir } from '../support/run-cli.js';

describe('library: runPortfolioBacktest', () => {
  it('labels the account by symbol and matches the pure function', async () => {
    const runner = new BacktestRunner({ exchange: 'sample' });
    const data = await runner.loadData(['BTC/USDT', 'ETH/USDT'], '4h', '2023-01-01', '2023-07-01');
    const params = { short_ma_window: 5, long_ma_window: 15, trend_ma_window: 30 };
    const dir = join(await tempDir('bt-plib-'), 'out');
    const out = await runner.runPortfolioBacktest(data, 'dma_atr_trend', params, { execution: 'close' }, { stake: '50%', maxOpenPositions: 1 }, dir);
    const p = out.portfolio!;
    expect(p.symbols).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(Object.keys(p.frames)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(p.contributions.map((c) => c.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(p.mode).toEqual({ stake: { kind: 'percent', value: 0.5 }, maxOpenPositions: 1 });
    expect(existsSync(join(dir, 'portfolio', 'portfolio.html'))).toBe(true);
    for (let t = 0; t < p.sim.time.length; t++) expect(p.sim.openPositions[t]).toBeLessThanOrEqual(1);

    const parsed = dmaAtrTrend.parseParams(params);
    if (!parsed.ok) throw new Error('bad params');
    const pure = runPortfolioBacktest({
      frames: [...data.frames.values()].map((l) => l.frame), strategy: dmaAtrTrend, params: parsed.value,
      portfolio: { ...DEFAULT_PORTFOLIO, execution: 'close' }, mode: { stake: { kind: 'percent', value: 0.5 }, maxOpenPositions: 1 },
    });
    expect([...pure.sim.equity]).toEqual([...p.sim.equity]);
    expect(metricValue(pure.metrics, 'total_return')).toBe(metricValue(p.metrics, 'total_return'));
  });

  it('--optimize with the portfolio mode is refused, with what to do instead', async () => {
    const runner = new BacktestRunner({ exchange: 'sample' });
    const run = runner.runFromConfig('dma_atr_trend_params.json', 'BTC/USDT,ETH/USDT', '4h', '2023-01-01', '2023-03-01', true, 'sharpe_ratio',
      join(await tempDir('bt-popt-'), 'out'), { portfolio: { portfolio: true } });
    await expect(run).rejects.toBeInstanceOf(UsageError);
  });
});
