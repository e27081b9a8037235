/** Monte Carlo's files: the percentile table, every path, the fan, and montecarlo.json. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fanPercentiles, MC_PERCENTILES, percentilesOf, type MonteCarloResult } from '../../../domain/validate/monte-carlo.js';
import type { PathStats } from '../../../domain/validate/path-stats.js';
import { csvLine, numberCell } from './csv-format.js';

/** One row of the percentile table. */
export interface McTableRow {
  readonly method: 'reshuffle' | 'bootstrap';
  readonly statistic: 'final_return' | 'max_drawdown' | 'sharpe_ratio';
  /** 5th, 50th, 95th percentiles. */
  readonly values: number[];
}

const STATS = ['final_return', 'max_drawdown', 'sharpe_ratio'] as const;

function methods(r: MonteCarloResult): [McTableRow['method'], PathStats][] {
  return [['reshuffle', r.reshuffle], ['bootstrap', r.bootstrap]];
}

/** The percentile table (Sharpe: per trade for reshuffling, annualised per bar for the bootstrap). */
export function monteCarloTable(r: MonteCarloResult): McTableRow[] {
  const rows: McTableRow[] = [];
  for (const [method, s] of methods(r)) {
    rows.push({ method, statistic: 'final_return', values: percentilesOf(s.finalReturn) });
    rows.push({ method, statistic: 'max_drawdown', values: percentilesOf(s.maxDrawdown) });
    rows.push({ method, statistic: 'sharpe_ratio', values: percentilesOf(s.sharpe) });
  }
  return rows;
}

/** Writes montecarlo_summary.csv, montecarlo_paths.csv, montecarlo_fan.csv and montecarlo.json; returns the table. */
export async function writeMonteCarloFiles(dir: string, r: MonteCarloResult, info: { paths: number; seed: number; bars: number; trades: number; initCash: number }): Promise<McTableRow[]> {
  const table = monteCarloTable(r);
  const p = MC_PERCENTILES.map((x) => `p${x}`);
  await writeFile(join(dir, 'montecarlo_summary.csv'), [csvLine(['method', 'statistic', ...p]), ...table.map((t) => csvLine([t.method, t.statistic, ...t.values.map(numberCell)]))].join(''));
  const paths: string[] = [csvLine(['method', 'path', ...STATS])];
  for (const [method, s] of methods(r)) {
    for (let k = 0; k < s.finalReturn.length; k++) paths.push(csvLine([method, String(k), numberCell(s.finalReturn[k]), numberCell(s.maxDrawdown[k]), numberCell(s.sharpe[k])]));
  }
  await writeFile(join(dir, 'montecarlo_paths.csv'), paths.join(''));
  const fan: string[] = [csvLine(['method', 'step', ...p.map((x) => `equity_${x}`)])];
  for (const [method, s] of methods(r)) {
    fanPercentiles(s).forEach((v, f) => fan.push(csvLine([method, String(s.fanSteps[f]), ...v.map((x) => numberCell(x * info.initCash))])));
  }
  await writeFile(join(dir, 'montecarlo_fan.csv'), fan.join(''));
  const json = {
    paths: info.paths, seed: info.seed, bars: info.bars, trades: info.trades, block_length: r.blockLength, init_cash: info.initCash,
    percentiles: Object.fromEntries(table.map((t) => [`${t.method}.${t.statistic}`, Object.fromEntries(t.values.map((v, i) => [p[i], Number.isFinite(v) ? v : null]))])),
    definitions: {
      reshuffle: 'each path compounds the trades\' returns on equity (pnl / equity before the entry) in a random order: the final return is the same on every path, the drawdown differs; sharpe_ratio is per trade (not annualised)',
      bootstrap: 'stationary block bootstrap (Politis & Romano 1994) of the per-bar returns, mean block length block_length bars; sharpe_ratio annualised',
      fan: 'equity percentiles across paths at each step (trades for reshuffle, bars for bootstrap)',
    },
  };
  await writeFile(join(dir, 'montecarlo.json'), `${JSON.stringify(json, null, 2)}\n`);
  return table;
}
