/**
 * The issue-10 order features through the real CLI: the example strategy (limit entries, ATR
 * trailing stop, 4h filter) with --portfolio overrides, and a --portfolio validation error. The
 * outputs are checked against each other: orders.csv against trades.csv and equity.csv.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvRows, readMetrics, runCli, tempDir } from './support/run-cli.js';

const SAMPLE = ['--exchange', 'sample', '--symbols', 'BTC/USDT', '--timeframe', '1h', '--start', '2023-01-01', '--end', '2024-01-01'];

describe('order features end to end', () => {
  it('runs the trend-pullback example: limit fills, trailing stops, finalize_trades, orders.csv agreeing with trades.csv', async () => {
    const out = join(await tempDir(), 'pullback');
    const r = await runCli([...SAMPLE, '--strategy', 'examples/strategies/trend-pullback.ts', '--portfolio-param', 'entry_expiry_bars=3',
      '--portfolio-param', 'trailing_activation=0.01', '--portfolio-param', 'finalize_trades=true', '--output', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const trades = readCsvRows(join(out, 'trades.csv'));
    const orders = readCsvRows(join(out, 'orders.csv'));
    const m = readMetrics(out);
    expect(trades.length).toBeGreaterThan(5);
    const reasons = new Set(trades.map((t) => t.exit_reason));
    expect(reasons).toContain('trailing_stop');
    expect(trades.every((t) => t.status === 'closed')).toBe(true); // finalize_trades
    expect(m.expired_orders).toBeGreaterThan(0);
    // Long only, no reversals: each trade is one buy then one sell of the same units.
    expect(orders).toHaveLength(2 * trades.length);
    trades.forEach((t, k) => {
      const [buy, sell] = [orders[2 * k], orders[2 * k + 1]];
      expect([buy.side, sell.side, buy.time, sell.time]).toEqual(['buy', 'sell', t.entry_time, t.exit_time || sell.time]);
      expect(Number(buy.units)).toBe(Number(t.units));
      expect(Number(buy.price)).toBe(Number(t.entry_price));
      expect(Number(sell.fee)).toBeCloseTo(Number(t.exit_fee), 9);
    });
    // finalize_trades closed the last position: the last bar holds cash only.
    const equity = readCsvRows(join(out, 'equity.csv'));
    const last = equity[equity.length - 1];
    expect(Number(last.position)).toBe(0);
    expect(Number(last.equity)).toBeCloseTo(Number(last.cash), 9);
  });

  it('names a bad --portfolio value', async () => {
    const r = await runCli([...SAMPLE, '--portfolio-param', 'max_bars_in_trade=-1', '--output', join(await tempDir(), 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--portfolio max_bars_in_trade');
  });
});
