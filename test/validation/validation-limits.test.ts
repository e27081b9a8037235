/**
 * Exchange order limits in the validation subcommands (issue 10 item 5): walk-forward and CSCV
 * apply the loaded market's lot step and minimum cost as a single run does (config values win),
 * and walk-forward counts the entries skipped below the minimum. The sample market has no limits,
 * so the tests give the loaded frame limits as a ccxt source would.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCscvJob } from '../../src/adapters/api/cscv-job.js';
import { silentObserver } from '../../src/adapters/api/observer.js';
import { resolveValidationInputs, type ValidationInputs } from '../../src/adapters/api/validation-inputs.js';
import { runWalkForwardJob } from '../../src/adapters/api/walk-forward-job.js';
import { METRIC_COUNT, METRIC_INDEX } from '../../src/domain/metrics/catalog.js';
import type { MarketLimits } from '../../src/orchestration/ports.js';
import { num, readCsvRows } from '../support/csv.js';
import { dmaConfig } from './markets.js';

const root = mkdtempSync(join(tmpdir(), 'bt-validation-limits-'));
const cfg = dmaConfig(root, 'limits.json', { short_ma_window: [5, 10], long_ma_window: [40, 60] });

async function inputs(limits: MarketLimits | undefined, portfolio: Record<string, unknown> = {}): Promise<ValidationInputs> {
  const base = await resolveValidationInputs({
    symbols: 'ETH/USDT', timeframe: '4h', start: '2022-01-01', end: '2023-07-01', exchange: 'sample', market: 'spot', config: cfg, portfolio,
  });
  if (!limits) return base;
  return { ...base, load: async (o) => { const r = await base.load(o); return { ...r, loaded: { ...r.loaded, limits } }; } };
}

const wf = (i: ValidationInputs, name: string) => runWalkForwardJob({ inputs: i, train: '4M', test: '2M', workers: 1, outputDir: join(root, name), observer: silentObserver });

describe('walk-forward with exchange limits', () => {
  it('sizes every out-of-sample entry in whole lot steps (and without the limits they are fractional)', async () => {
    const free = await wf(await inputs(undefined), 'wf-free');
    const lots = await wf(await inputs({ amountStep: 0.5 }), 'wf-lots');
    const t = lots.oos.trades;
    expect(t.count).toBeGreaterThan(3);
    for (let k = 0; k < t.count; k++) expect(Number.isInteger(t.units[k] / 0.5), `trade ${k}: ${t.units[k]}`).toBe(true);
    const f = free.oos.trades;
    let fractional = 0;
    for (let k = 0; k < f.count; k++) if (!Number.isInteger(f.units[k] / 0.5)) fractional++;
    expect(fractional).toBeGreaterThan(0);
    // The config's size_granularity wins over the market's step.
    const cfgWins = await wf(await inputs({ amountStep: 0.5 }, { size_granularity: 0.1 }), 'wf-config');
    const c = cfgWins.oos.trades;
    let offHalf = 0;
    for (let k = 0; k < c.count; k++) {
      expect(Math.abs(c.units[k] / 0.1 - Math.round(c.units[k] / 0.1))).toBeLessThan(1e-6);
      if (!Number.isInteger(c.units[k] / 0.5)) offHalf++;
    }
    expect(offHalf).toBeGreaterThan(0);
  }, 120_000);

  it('skips entries below the minimum cost and counts them in performance_metrics.csv', async () => {
    // 100,000 of cash can never buy a 10,000,000 minimum cost: no trade, every entry counted.
    const r = await wf(await inputs({ minCost: 10_000_000 }), 'wf-min');
    expect(r.oos.trades.count).toBe(0);
    const skipped = r.folds.reduce((s, f) => s + (f.oos?.sim.belowMinimum ?? 0), 0);
    expect(skipped).toBeGreaterThan(0);
    const m = Object.fromEntries(readCsvRows(join(root, 'wf-min', 'walk_forward', 'performance_metrics.csv')).map((x) => [x.metric, x.value]));
    expect(num(m.skipped_below_minimum)).toBe(skipped);
  }, 120_000);
});

describe('CSCV with exchange limits', () => {
  it('evaluates every combination with the limits: a minimum cost above the cash leaves no trade', async () => {
    const free = await runCscvJob({ inputs: await inputs(undefined), blocks: 4, workers: 1, outputDir: join(root, 'cscv-free'), observer: silentObserver });
    const min = await runCscvJob({ inputs: await inputs({ minCost: 10_000_000 }), blocks: 4, workers: 1, outputDir: join(root, 'cscv-min'), observer: silentObserver });
    const trades = (rows: Float64Array, i: number) => rows[i * METRIC_COUNT + METRIC_INDEX.total_trades];
    for (let i = 0; i < free.opt.completed; i++) {
      expect(trades(free.opt.rows, i)).toBeGreaterThan(0);
      expect(trades(min.opt.rows, i)).toBe(0);
    }
  }, 120_000);
});
