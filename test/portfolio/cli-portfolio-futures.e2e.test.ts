/**
 * Perpetual futures in the shared `--portfolio` account through the real CLI (docs/futures.md
 * "Portfolio"): the sample market's synthetic funding and 10x isolated margin. The files of
 * portfolio/ are checked against each other: the futures columns and metrics exist, Σ trade funding
 * = total_funding = the last cumulative funding, margin_used = Σ |units|·entry/L of the open trades,
 * liquidations counted; and a swap portfolio without leverage or funding keeps today's columns.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { num, readCsvRows } from '../support/csv.js';
import { readMetrics, runCli, tempDir } from '../support/run-cli.js';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];
const BASE = ['--exchange', 'sample', '--symbols', SYMBOLS.join(','), '--timeframe', '1h', '--start', '2023-01-01', '--end', '2023-04-01', '--no-warmup',
  '--param', 'short_ma_window=5', '--param', 'long_ma_window=15', '--param', 'trend_ma_window=30', '--market', 'swap', '--portfolio'];

let root: string;
beforeAll(async () => { root = await tempDir('bt-portfolio-futures-'); });

describe('backtester --portfolio --market swap --leverage 10 (sample market, 2 symbols)', () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    out = join(root, 'lev');
    dir = join(out, 'portfolio');
    const r = await runCli([...BASE, '--leverage', '10', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    out = r.stdout + r.stderr;
  }, 120_000);

  it('writes the futures columns and metrics; the funding totals agree across files', () => {
    const trades = readCsvRows(join(dir, 'trades.csv'));
    const equity = readCsvRows(join(dir, 'equity.csv'));
    const m = readMetrics(dir);
    expect(Object.keys(trades[0])).toEqual(expect.arrayContaining(['funding', 'leverage', 'liquidation_price']));
    expect(Object.keys(equity[0])).toEqual(expect.arrayContaining(['funding', 'margin_used']));
    const sum = trades.reduce((s, t) => s + num(t.funding), 0);
    expect(Math.abs(sum)).toBeGreaterThan(0);
    expect(m.total_funding).toBeCloseTo(sum, 6);
    expect(num(equity[equity.length - 1].funding)).toBeCloseTo(sum, 6);
    expect(m.liquidations).toBe(trades.filter((t) => t.exit_reason === 'liquidation').length);
    expect(m.max_leverage_used).toBeGreaterThan(1);
    for (const t of trades) expect(num(t.leverage)).toBe(10);
    // Σ per-symbol pnl (order flows, funding, final positions) = Σ trade pnl = the account's pnl.
    const contrib = readCsvRows(join(dir, 'contributions.csv'));
    const pnl = contrib.reduce((s, c) => s + num(c.pnl), 0);
    const final = num(equity[equity.length - 1].equity);
    expect(Math.abs(pnl - (final - 100_000))).toBeLessThanOrEqual(1e-6 * 100_000);
    expect(Math.abs(trades.reduce((s, t) => s + num(t.pnl), 0) - (final - 100_000))).toBeLessThanOrEqual(1e-6 * 100_000);
    expect(out).not.toMatch(/simulated unlevered/);
  });

  it('margin_used = Σ units·entry/10 of the trades open after each bar', () => {
    const trades = readCsvRows(join(dir, 'trades.csv'));
    const equity = readCsvRows(join(dir, 'equity.csv'));
    for (let t = 0; t < equity.length; t += 7) {
      let margin = 0;
      for (const tr of trades) {
        const a = Number(tr.entry_bar);
        const b = Number(tr.exit_bar);
        const open = tr.status === 'open' ? a <= t : a <= t && t < b;
        if (open) margin += (num(tr.units) * num(tr.entry_price)) / 10;
      }
      expect(Math.abs(num(equity[t].margin_used) - margin)).toBeLessThanOrEqual(1e-9 * Math.max(1, margin));
    }
  });

  it('a liquidated long exits at or below its liquidation price, a short at or above', () => {
    for (const t of readCsvRows(join(dir, 'trades.csv')).filter((x) => x.exit_reason === 'liquidation')) {
      if (t.side === 'long') expect(num(t.exit_price)).toBeLessThanOrEqual(num(t.liquidation_price) * (1 + 1e-12));
      else expect(num(t.exit_price)).toBeGreaterThanOrEqual(num(t.liquidation_price) * (1 - 1e-12));
    }
  });
});

describe('backtester --portfolio --market swap without leverage and with funding off', () => {
  it('keeps the unlevered account and today\'s columns', async () => {
    const out = join(root, 'plain');
    const cfg = join(root, 'no-funding.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(cfg, JSON.stringify({ portfolio_parameters: { funding: false } })));
    const r = await runCli([...BASE, '--config', cfg, '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    const equity = readCsvRows(join(out, 'portfolio', 'equity.csv'));
    expect(Object.keys(equity[0])).not.toContain('margin_used');
    expect(Object.keys(readCsvRows(join(out, 'portfolio', 'trades.csv'))[0] ?? {})).not.toContain('liquidation_price');
    expect(readMetrics(join(out, 'portfolio')).total_funding).toBeUndefined();
  });
});
