import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METRICS, type MetricKey } from '../../../domain/metrics/catalog.js';
import { EXIT_END_OPEN, EXIT_REASONS } from '../../../domain/portfolio/records.js';
import type { BacktestResult } from '../../../orchestration/result.js';
import { csvLine, isoCell, numberCell, textCell } from './csv-format.js';
import { ordersCsv } from './orders-csv.js';

const DAY_MS = 86_400_000;

/** `real` or `synthetic`: every CSV row says which kind of data it came from. */
export function dataKind(result: BacktestResult): string {
  return result.frame.origin.synthetic ? 'synthetic' : 'real';
}

/** performance_metrics.csv: metric,value,description (undefined values empty, with the reason). */
export function performanceMetricsCsv(result: BacktestResult): string {
  let out = csvLine(['metric', 'value', 'description']);
  const reasons = result.metrics.reasons as Partial<Record<MetricKey, string>>;
  METRICS.forEach((m, i) => {
    const v = result.metrics.values[i];
    const reason = reasons[m.key];
    const description = reason ? `${m.description} (undefined: ${reason})` : m.description;
    out += csvLine([m.key, numberCell(v), textCell(description)]);
  });
  out += csvLine(['ambiguous_stop_bars', String(result.sim.ambiguousStopBars), textCell('Bars where stop-loss and take-profit both lay inside the range (stop-loss taken)')]);
  out += csvLine(['skipped_entries', String(result.sim.skippedEntries), textCell('Entry signals that could not be filled')]);
  // Counts of the issue-10 order features, only when something happened (plain runs keep their rows).
  if ((result.sim.expiredOrders ?? 0) > 0) {
    out += csvLine(['expired_orders', String(result.sim.expiredOrders), textCell('Limit/stop entry orders that expired unfilled')]);
  }
  if ((result.sim.belowMinimum ?? 0) > 0) {
    out += csvLine(['skipped_below_minimum', String(result.sim.belowMinimum), textCell('Entries skipped because their size was below min_size or min_notional')]);
  }
  out += csvLine(['bars', String(result.frame.length), 'Bars in the backtest']);
  out += csvLine(['synthetic_data', result.frame.origin.synthetic ? '1' : '0',
    textCell(result.frame.origin.synthetic ? 'Built-in sample market: synthetic data, not real prices' : `Real market data: ${result.frame.origin.description}`)]);
  return out;
}

export const TRADE_COLUMNS = [
  'entry_time', 'exit_time', 'symbol', 'side', 'status', 'entry_price', 'exit_price', 'units', 'entry_fee', 'exit_fee',
  'pnl', 'return', 'duration_days', 'exit_reason', 'sl_level', 'tp_level', 'entry_bar', 'exit_bar', 'data',
] as const;

/** trades.csv: one row per trade (closed, then the open one if any), prices in quote currency. */
export function tradesCsv(result: BacktestResult): string {
  const t = result.sim.trades;
  const time = result.frame.time;
  const kind = dataKind(result);
  const symbol = textCell(result.symbol);
  let out = csvLine([...TRADE_COLUMNS]);
  for (let i = 0; i < t.count; i++) {
    const open = t.exitReason[i] === EXIT_END_OPEN;
    const entryT = time[t.entryIndex[i]];
    const exitT = time[t.exitIndex[i]];
    out += csvLine([
      isoCell(entryT), open ? '' : isoCell(exitT), symbol, t.side[i] > 0 ? 'long' : 'short', open ? 'open' : 'closed',
      numberCell(t.entryPrice[i]), numberCell(t.exitPrice[i]), numberCell(t.units[i]),
      numberCell(t.entryFee[i]), numberCell(t.exitFee[i]), numberCell(t.pnl[i]), numberCell(t.ret[i]),
      numberCell((exitT - entryT) / DAY_MS), EXIT_REASONS[t.exitReason[i]], numberCell(t.slLevel[i]), numberCell(t.tpLevel[i]),
      String(t.entryIndex[i]), String(t.exitIndex[i]), kind,
    ]);
  }
  return out;
}

/** monthly_returns.csv: year,month,return,trades,win_rate,avg_return. */
export function monthlyReturnsCsv(result: BacktestResult): string {
  const kind = dataKind(result);
  let out = csvLine(['year', 'month', 'return', 'trades', 'win_rate', 'avg_return', 'data']);
  for (const m of result.monthly) {
    out += csvLine([String(m.year), String(m.month), numberCell(m.ret), String(m.trades), numberCell(m.winRate), numberCell(m.avgReturn), kind]);
  }
  return out;
}

/** equity.csv: per bar after its fills, marked to close; drawdown as a positive fraction. */
export function equityCsv(result: BacktestResult): string {
  const { time, close } = result.frame;
  const { equity, cash, position } = result.sim;
  const bench = result.benchmarkEquity;
  const kind = dataKind(result);
  const lines: string[] = ['time,equity,cash,position,close,drawdown,benchmark_equity,data\n'];
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    lines.push(`${isoCell(time[i])},${numberCell(equity[i])},${numberCell(cash[i])},${numberCell(position[i])},${numberCell(close[i])},${numberCell(1 - equity[i] / peak)},${numberCell(bench[i])},${kind}\n`);
  }
  return lines.join('');
}

/** Writes the per-symbol CSV files into `dir`; returns their names. */
export async function writeCsvFiles(result: BacktestResult, dir: string): Promise<string[]> {
  const files: [string, string][] = [
    ['performance_metrics.csv', performanceMetricsCsv(result)],
    ['trades.csv', tradesCsv(result)],
    ['monthly_returns.csv', monthlyReturnsCsv(result)],
    ['equity.csv', equityCsv(result)],
    ['orders.csv', ordersCsv(result)],
  ];
  await Promise.all(files.map(([name, text]) => writeFile(join(dir, name), text)));
  return files.map(([name]) => name);
}
