/**
 * Perpetual futures through the real CLI (docs/futures.md): CSV candles with a
 * BASE-QUOTE_funding.csv, 5x leverage; trades.csv funding re-computed from the bars and the rates,
 * equity.csv's cumulative funding and margin, the futures metrics; a swap run without funding data
 * says so; leverage on spot is refused.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvRows, readMetrics, runCli, tempDir } from './support/run-cli.js';

const H = 3_600_000;
const T0 = Date.UTC(2023, 0, 1);
const N = 24 * 40;

/** A wavy 1h market (trend flips every few days) and a funding file of alternating-sign 8h rates. */
async function dataDir(withFunding: boolean): Promise<{ dir: string; open: number[]; rate: Map<number, number> }> {
  const dir = await tempDir();
  const open: number[] = [];
  let csv = 'timestamp,open,high,low,close,volume\n';
  let prev = 100;
  for (let i = 0; i < N; i++) {
    const c = 100 + 15 * Math.sin(i / 60) + 3 * Math.sin(i / 7);
    const o = prev;
    open.push(o);
    csv += `${T0 + i * H},${o},${Math.max(o, c) + 0.4},${Math.min(o, c) - 0.4},${c},1000\n`;
    prev = c;
  }
  writeFileSync(join(dir, 'TST-USDT_1h.csv'), csv);
  const rate = new Map<number, number>();
  let f = 'timestamp,rate\n';
  for (let i = 0; i < N; i += 8) {
    const r = i % 48 === 0 ? -0.0002 : 0.0003;
    rate.set(i, r);
    f += `${T0 + i * H},${r}\n`;
  }
  if (withFunding) writeFileSync(join(dir, 'TST-USDT_funding.csv'), f);
  return { dir, open, rate };
}

const ARGS = ['--exchange', 'csv', '--market', 'swap', '--symbols', 'TST/USDT', '--timeframe', '1h',
  '--param', 'short_ma_window=10', '--param', 'long_ma_window=30', '--param', 'trend_ma_window=60', '--param', 'sl_atr_multiplier=0', '--param', 'tp_atr_multiplier=0'];

describe('perpetual futures end to end', () => {
  it('charges funding from BASE-QUOTE_funding.csv at 5x and writes the futures columns and metrics', async () => {
    const { dir, open, rate } = await dataDir(true);
    const out = join(dir, 'out');
    const r = await runCli([...ARGS, '--data-dir', dir, '--leverage', '5', '--output', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/NO funding/);
    const trades = readCsvRows(join(out, 'trades.csv'));
    expect(trades.length).toBeGreaterThan(3);
    expect(new Set(trades.map((t) => t.side))).toEqual(new Set(['long', 'short']));
    let total = 0;
    for (const t of trades) {
      const side = t.side === 'long' ? 1 : -1;
      const a = Number(t.entry_bar);
      const b = Number(t.exit_bar);
      // Funding at each funding bar after the entry bar up to the exit bar, on the position carried in, at the open.
      let paid = 0;
      for (let i = a + 1; i <= b; i++) if (rate.has(i)) paid += side * Number(t.units) * open[i] * rate.get(i)!;
      expect(Number(t.funding)).toBeCloseTo(paid, 6);
      expect(Number(t.leverage)).toBe(5);
      const entry = Number(t.entry_price);
      expect(Number(t.liquidation_price)).toBeCloseTo(entry * (1 - side * (0.2 - 0.005)), 6);
      total += paid;
    }
    const m = readMetrics(out);
    expect(m.total_funding).toBeCloseTo(total, 6);
    expect(m.liquidations).toBe(0);
    const equity = readCsvRows(join(out, 'equity.csv'));
    const lev = Math.max(...equity.map((e) => (Math.abs(Number(e.position)) * Number(e.close)) / Number(e.equity)));
    expect(m.max_leverage_used).toBeCloseTo(lev, 9);
    expect(lev).toBeGreaterThan(4.5);
    expect(Number(equity[equity.length - 1].funding)).toBeCloseTo(total, 6);
    // margin_used = units·entry/5 while a position is open.
    const t0 = trades[0];
    const mid = Math.floor((Number(t0.entry_bar) + Number(t0.exit_bar)) / 2);
    expect(Number(equity[mid].margin_used)).toBeCloseTo((Number(t0.units) * Number(t0.entry_price)) / 5, 6);
  });

  it('says so when a swap run has no funding data, and runs without funding', async () => {
    const { dir } = await dataDir(false);
    const out = join(dir, 'out');
    const r = await runCli([...ARGS, '--data-dir', dir, '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/TST\/USDT: no funding data from csv \(no TST-USDT_funding\.csv in the data folder\): this swap run has NO funding payments/);
    expect(readCsvRows(join(out, 'trades.csv'))[0]).not.toHaveProperty('funding');
  });

  it('refuses leverage on spot', async () => {
    const { dir } = await dataDir(true);
    const r = await runCli([...ARGS.map((a) => (a === 'swap' ? 'spot' : a)), '--data-dir', dir, '--leverage', '3', '--output', join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--leverage.*needs --market swap/);
  });
});
