/**
 * The portfolio through the public API: `BacktestRunner.runPortfolioBacktest` returns the account
 * labelled by symbol and writes portfolio/; the pure `runPortfolioBacktest` gives the same numbers;
 * `--optimize` with the portfolio mode ranks by the account's metric, also over a `leverage` range
 * on swap (the account's leverage per combination).
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BacktestRunner, DEFAULT_PORTFOLIO, dmaAtrTrend, metricValue, runPortfolioBacktest } from '../../src/index.js';
import { num, readCsvRows } from '../support/csv.js';
import { readMetrics, tempDir } from '../support/run-cli.js';

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

  it('--optimize with the portfolio mode ranks combinations by the account metric and writes the best account with its per-symbol breakdown', async () => {
    const root = await tempDir('bt-popt-');
    const config = join(root, 'cfg.json');
    await writeFile(config, JSON.stringify({ technical_parameters: { short_ma_window: 5, long_ma_window: 15, trend_ma_window: 30 },
      optimization_ranges: { short_ma_window: [5, 8], long_ma_window: [15, 20] } }));
    const out = join(root, 'out');
    const runner = new BacktestRunner({ exchange: 'sample' });
    await runner.runFromConfig(config, 'BTC/USDT,ETH/USDT', '4h', '2023-01-01', '2023-07-01', true, 'sharpe_ratio', out,
      { portfolio: { portfolio: true, stake: '50%' }, optimization: { workers: 1 } });
    const results = readCsvRows(join(out, 'optimization_results.csv'));
    expect(results.length).toBe(4);
    const best = readMetrics(join(out, 'best_backtest'));
    expect(num(results[0].sharpe_ratio)).toBe(best.sharpe_ratio);
    for (let k = 1; k < results.length; k++) expect(num(results[k - 1].sharpe_ratio)).toBeGreaterThanOrEqual(num(results[k].sharpe_ratio));
    expect(readCsvRows(join(out, 'best_backtest', 'contributions.csv')).map((r) => r.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    const bp = JSON.parse(readFileSync(join(out, 'best_params.json'), 'utf8'));
    expect(bp.portfolio_parameters).toMatchObject({ portfolio: true, stake: '50%' });
    expect(bp.technical_parameters.short_ma_window).toBe(num(results[0].short_ma_window));
    // the optimization pages and the run's log, as for a per-symbol optimization
    for (const f of ['optimization_distribution.html', 'optimization_heatmap.html', 'optimization_convergence.html', 'backtester.log', 'backtester.jsonl']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const files = Object.keys(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).files);
    expect(files).toEqual(expect.arrayContaining(['optimization_heatmap.html', 'backtester.log']));
    expect(readFileSync(join(out, 'optimization_distribution.html'), 'utf8')).toContain('one account: BTC/USDT, ETH/USDT');
    expect(readFileSync(join(out, 'backtester.log'), 'utf8')).toMatch(/OK    Portfolio optimization completed: 4 combinations/);
  });

  it('--optimize --portfolio over a leverage range on swap: each row at its leverage, best_params and best_backtest at the best one', async () => {
    const root = await tempDir('bt-poptlev-');
    const config = join(root, 'cfg.json');
    await writeFile(config, JSON.stringify({ technical_parameters: { short_ma_window: 5, long_ma_window: 15, trend_ma_window: 30 },
      portfolio_parameters: { liquidation_fee: 0.005 }, optimization_ranges: { short_ma_window: [5, 8], leverage: [1, 5, 20] } }));
    const out = join(root, 'out');
    const runner = new BacktestRunner({ exchange: 'sample', market: 'swap' });
    await runner.runFromConfig(config, 'BTC/USDT,ETH/USDT', '4h', '2023-01-01', '2023-07-01', true, 'total_return', out,
      { portfolio: { portfolio: true, stake: 'equal' }, optimization: { workers: 1 }, warmup: false });
    const results = readCsvRows(join(out, 'optimization_results.csv'));
    expect(results.length).toBe(6);
    expect(new Set(results.map((r) => num(r.leverage)))).toEqual(new Set([1, 5, 20]));
    // The leverage changes the account: three different returns per short window.
    expect(new Set(results.map((r) => r.total_return)).size).toBe(6);
    const bp = JSON.parse(readFileSync(join(out, 'best_params.json'), 'utf8'));
    expect(bp.portfolio_parameters.leverage).toBe(num(results[0].leverage));
    expect(bp.technical_parameters).not.toHaveProperty('leverage');
    const best = readMetrics(join(out, 'best_backtest'));
    for (const k of ['total_return', 'sharpe_ratio', 'max_drawdown', 'total_trades'] as const) expect(best[k], k).toBe(num(results[0][k]));
    for (const t of readCsvRows(join(out, 'best_backtest', 'trades.csv'))) expect(num(t.leverage)).toBe(bp.portfolio_parameters.leverage);
  });

  it('--optimize --portfolio refuses a leverage range on spot (unlevered and long-only)', async () => {
    const root = await tempDir('bt-poptspot-');
    const config = join(root, 'cfg.json');
    await writeFile(config, JSON.stringify({ optimization_ranges: { short_ma_window: [5, 8], leverage: [1, 5] } }));
    const runner = new BacktestRunner({ exchange: 'sample' });
    await expect(runner.runFromConfig(config, 'BTC/USDT,ETH/USDT', '4h', '2023-01-01', '2023-07-01', true, 'total_return', join(root, 'out'),
      { portfolio: { portfolio: true }, optimization: { workers: 1 } })).rejects.toThrow(/optimization_ranges.leverage needs --market swap/);
  });
});
