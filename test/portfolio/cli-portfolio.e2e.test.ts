/**
 * The portfolio mode through the real CLI, in temp dirs: the files of portfolio/ checked against
 * each other (equity = cash + Σ position values on every row, Σ contributions = account pnl,
 * orders name listed symbols), the links from summary.csv and index.html, and bad input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { num, readCsvRows } from '../support/csv.js';
import { readMetrics, runCli, tempDir } from '../support/run-cli.js';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
const BASE = ['--exchange', 'sample', '--symbols', SYMBOLS.join(','), '--timeframe', '4h', '--start', '2023-01-01', '--end', '2024-01-01',
  '--param', 'short_ma_window=5', '--param', 'long_ma_window=15', '--param', 'trend_ma_window=30'];

let root: string;
beforeAll(async () => { root = await tempDir('bt-portfolio-'); });

describe('backtester --portfolio (sample market, 3 symbols, 4h 2023)', () => {
  let out: string;
  let stdout: string;
  beforeAll(async () => {
    out = join(root, 'run');
    const r = await runCli([...BASE, '--portfolio', '--stake', '30000', '--max-open-positions', '2', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    stdout = r.stdout;
  }, 120_000);

  it('writes portfolio/ beside the per-symbol folders, linked from summary.csv and the index', () => {
    for (const f of ['equity.csv', 'trades.csv', 'orders.csv', 'performance_metrics.csv', 'contributions.csv', 'portfolio.html', 'index.html']) {
      expect(existsSync(join(out, 'portfolio', f)), f).toBe(true);
    }
    for (const d of ['BTC-USDT', 'ETH-USDT', 'SOL-USDT']) expect(existsSync(join(out, d, 'performance_metrics.csv'))).toBe(true);
    const summary = readCsvRows(join(out, 'summary.csv'));
    expect(summary.map((r) => r.symbol)).toEqual([...SYMBOLS, 'portfolio']);
    const m = readMetrics(join(out, 'portfolio'));
    expect(num(summary[3].total_return)).toBe(m.total_return);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="portfolio/index.html"');
    expect(readFileSync(join(out, 'portfolio', 'index.html'), 'utf8')).toContain('href="portfolio.html"');
    expect(stdout).toContain('Portfolio Summary (one account)');
  });

  it('equity.csv: equity = cash + Σ position values on every row; never more than 2 positions; spot cash >= 0', () => {
    const rows = readCsvRows(join(out, 'portfolio', 'equity.csv'));
    expect(rows.length).toBeGreaterThan(2000);
    let maxOpen = 0;
    for (const r of rows) {
      const held = SYMBOLS.reduce((s, x) => s + num(r[`value_${x}`]), 0);
      expect(Math.abs(num(r.equity) - num(r.cash) - held)).toBeLessThanOrEqual(1e-9 * num(r.equity));
      expect(num(r.cash)).toBeGreaterThanOrEqual(-1e-6);
      maxOpen = Math.max(maxOpen, num(r.open_positions));
    }
    expect(maxOpen).toBe(2);
    const m = readMetrics(join(out, 'portfolio'));
    expect(m.final_equity).toBe(num(rows[rows.length - 1].equity));
    expect(m.total_return).toBeCloseTo(num(rows[rows.length - 1].equity) / 100_000 - 1, 12);
  });

  it('contributions sum to the account pnl; orders and trades carry listed symbols; entries stay within the stake', () => {
    const contrib = readCsvRows(join(out, 'portfolio', 'contributions.csv'));
    expect(contrib.map((r) => r.symbol)).toEqual(SYMBOLS);
    const pnl = contrib.reduce((s, r) => s + num(r.pnl), 0);
    expect(pnl).toBeCloseTo(readMetrics(join(out, 'portfolio')).final_equity - 100_000, 6);
    expect(contrib.reduce((s, r) => s + num(r.skipped_entries), 0), 'the 2-position cap skipped entries').toBeGreaterThan(0);
    const orders = readCsvRows(join(out, 'portfolio', 'orders.csv'));
    expect(orders.length).toBeGreaterThan(10);
    for (const o of orders) {
      expect(SYMBOLS).toContain(o.symbol);
      // a buy costs at most the stake·(1+slippage) before fees
      if (o.side === 'buy') expect(num(o.value)).toBeLessThanOrEqual(30_000 * 1.0005 * (1 + 1e-12));
    }
    const trades = readCsvRows(join(out, 'portfolio', 'trades.csv'));
    expect(new Set(trades.map((t) => t.symbol)).size).toBeGreaterThan(1);
    expect(trades.reduce((s, t) => s + num(t.pnl), 0)).toBeCloseTo(pnl, 6);
  });
});

describe('backtester --portfolio: bad input', () => {
  it('--max-open-positions 0 is refused with a reason', async () => {
    const r = await runCli([...BASE, '--portfolio', '--max-open-positions', '0', '--output', join(root, 'bad1')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-open-positions.*at least 1/);
    expect(existsSync(join(root, 'bad1', 'run.json'))).toBe(false);
  });

  it('a stake that is not an amount, "equal" or a percentage is refused', async () => {
    for (const stake of ['lots', '150%']) {
      const r = await runCli([...BASE, '--portfolio', '--stake', stake, '--output', join(root, 'bad2')]);
      expect(r.code, stake).toBe(2);
      expect(r.stderr).toContain('--stake');
    }
  });

  it('a stake larger than the initial cash runs, with a note', async () => {
    const r = await runCli([...BASE, '--portfolio', '--stake', '250000', '--output', join(root, 'big')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The stake 250000 is more than the initial cash 100000');
  });

  it('target weights: an unknown symbol is refused; weights not summing to 1 are normalised with a note', async () => {
    const bad = await runCli([...BASE, '--weights', 'BTC/USDT=0.5,DOGE/USDT=0.5', '--output', join(root, 'w-bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('DOGE/USDT is not one of the symbols');
    const out = join(root, 'w-ok');
    const r = await runCli([...BASE, '--weights', 'BTC/USDT=2,ETH/USDT=1,SOL/USDT=1', '--rebalance', '1w', '--execution', 'close', '--fees', '0', '--slippage', '0', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The weights sum to 4, not 1: normalised to BTC/USDT=0.5000');
    // Every Monday 00:00 (and the first bar) the weights are back on target: 0.5, 0.25, 0.25.
    const rows = readCsvRows(join(out, 'portfolio', 'equity.csv'));
    const mondays = rows.filter((x, i) => i === 0 || (new Date(x.time).getUTCDay() === 1 && x.time.endsWith('T00:00:00Z')));
    expect(mondays.length).toBeGreaterThan(50);
    for (const x of mondays) {
      expect(num(x['value_BTC/USDT']) / num(x.equity)).toBeCloseTo(0.5, 9);
      expect(num(x['value_SOL/USDT']) / num(x.equity)).toBeCloseTo(0.25, 9);
    }
  });

  it('symbols with disjoint date ranges are refused: they cannot share one account', async () => {
    const dataDir = join(root, 'data');
    await mkdir(dataDir, { recursive: true });
    const hours = (n: number, from: number) => Array.from({ length: n }, (_, i) => {
      const p = 100 + Math.sin(i / 5) * 10;
      return `${new Date(from + i * 3_600_000).toISOString().replace('.000Z', 'Z')},${p},${p + 1},${p - 1},${p + 0.5},10`;
    });
    await writeFile(join(dataDir, 'AAA-USDT_1h.csv'), ['timestamp,open,high,low,close,volume', ...hours(300, Date.UTC(2023, 0, 1))].join('\n'));
    await writeFile(join(dataDir, 'BBB-USDT_1h.csv'), ['timestamp,open,high,low,close,volume', ...hours(300, Date.UTC(2023, 5, 1))].join('\n'));
    const r = await runCli(['--exchange', 'csv', '--data-dir', dataDir, '--symbols', 'AAA/USDT,BBB/USDT', '--timeframe', '1h', '--portfolio', '--output', join(root, 'disjoint')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('no period in common');
    expect(existsSync(join(root, 'disjoint', 'run.json'))).toBe(false);
  });
});
