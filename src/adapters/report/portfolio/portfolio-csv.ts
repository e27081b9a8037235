/**
 * The portfolio folder's CSV files (DESIGN.md §3b outputs): equity.csv (equity, cash, each symbol's
 * position value), trades.csv and orders.csv with a symbol column, performance_metrics.csv for the
 * account and contributions.csv per symbol.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { METRICS, type MetricKey } from '../../../domain/metrics/catalog.js';
import { EXIT_END_OPEN, EXIT_REASONS } from '../../../domain/portfolio/records.js';
import { describeMode, formatStake } from '../../../domain/portfolio/portfolio-mode.js';
import type { PortfolioBacktestResult } from '../../../orchestration/run-portfolio-backtest.js';
import { csvLine, isoCell, numberCell, textCell } from '../csv/csv-format.js';
import { FUTURES_TRADE_COLUMNS, futuresMetricLines, futuresTradeCells } from '../csv/write-csv-files.js';

const DAY_MS = 86_400_000;

/** `real` or `synthetic`. */
export function portfolioDataKind(r: PortfolioBacktestResult): string {
  return Object.values(r.frames).some((f) => f.origin.synthetic) ? 'synthetic' : 'real';
}

/** Column names of equity.csv's per-symbol value columns: `value_BTC/USDT`. */
export const valueColumn = (symbol: string) => `value_${symbol}`;

export function portfolioEquityCsv(r: PortfolioBacktestResult): string {
  const s = r.sim;
  const kind = portfolioDataKind(r);
  // Perpetual-futures accounts add the account's cumulative funding and margin held (docs/futures.md).
  const fut = s.futures;
  const lines = [csvLine(['time', 'equity', 'cash', ...s.symbols.map((x) => textCell(valueColumn(x))), 'open_positions', 'drawdown', 'benchmark_equity',
    ...(fut ? ['funding', 'margin_used'] : []), 'data'])];
  let peak = r.portfolio.initCash;
  for (let t = 0; t < s.time.length; t++) {
    if (s.equity[t] > peak) peak = s.equity[t];
    lines.push(csvLine([isoCell(s.time[t]), numberCell(s.equity[t]), numberCell(s.cash[t]), ...s.values.map((v) => numberCell(v[t])),
      String(s.openPositions[t]), numberCell(1 - s.equity[t] / peak), numberCell(r.benchmarkEquity[t]),
      ...(fut ? [numberCell(fut.funding[t]), numberCell(fut.marginUsed[t])] : []), kind]));
  }
  return lines.join('');
}

export function portfolioTradesCsv(r: PortfolioBacktestResult): string {
  const s = r.sim;
  const t = s.trades;
  const kind = portfolioDataKind(r);
  const fut = s.futures;
  const lev = fut === undefined ? '' : numberCell(fut.leverage);
  let out = csvLine(['entry_time', 'exit_time', 'symbol', 'side', 'status', 'entry_price', 'exit_price', 'units', 'entry_fee', 'exit_fee',
    'pnl', 'return', 'duration_days', 'exit_reason', 'sl_level', 'tp_level', 'entry_bar', 'exit_bar', ...(fut ? FUTURES_TRADE_COLUMNS : []), 'data']);
  for (let i = 0; i < t.count; i++) {
    const open = t.exitReason[i] === EXIT_END_OPEN;
    const entryT = s.time[t.entryIndex[i]];
    const exitT = s.time[t.exitIndex[i]];
    out += csvLine([
      isoCell(entryT), open ? '' : isoCell(exitT), textCell(s.symbols[s.tradeSymbol[i]]), t.side[i] > 0 ? 'long' : 'short', open ? 'open' : 'closed',
      numberCell(t.entryPrice[i]), numberCell(t.exitPrice[i]), numberCell(t.units[i]), numberCell(t.entryFee[i]), numberCell(t.exitFee[i]),
      numberCell(t.pnl[i]), numberCell(t.ret[i]), numberCell((exitT - entryT) / DAY_MS), EXIT_REASONS[t.exitReason[i]],
      numberCell(t.slLevel[i]), numberCell(t.tpLevel[i]), String(t.entryIndex[i]), String(t.exitIndex[i]),
      ...(fut === undefined ? [] : futuresTradeCells(t, i, lev)), kind,
    ]);
  }
  return out;
}

/** orders.csv: every fill in the order it happened (releases before entries within a bar). */
export function portfolioOrdersCsv(r: PortfolioBacktestResult): string {
  const s = r.sim;
  const o = s.orders;
  let out = csvLine(['time', 'bar', 'symbol', 'side', 'price', 'units', 'value', 'fee']);
  for (let i = 0; i < o.count; i++) {
    out += csvLine([isoCell(s.time[o.barIndex[i]]), String(o.barIndex[i]), textCell(s.symbols[s.orderSymbol[i]]), o.side[i] > 0 ? 'buy' : 'sell',
      numberCell(o.price[i]), numberCell(o.units[i]), numberCell(o.units[i] * o.price[i]), numberCell(o.fee[i])]);
  }
  return out;
}

export function portfolioMetricsCsv(r: PortfolioBacktestResult): string {
  let out = csvLine(['metric', 'value', 'description']);
  const reasons = r.metrics.reasons as Partial<Record<MetricKey, string>>;
  METRICS.forEach((m, i) => {
    const reason = reasons[m.key];
    const description = m.key === 'benchmark_return' ? 'Equal-weight buy-and-hold of the symbols (each bought at its first open, no fees)' : m.description;
    out += csvLine([m.key, numberCell(r.metrics.values[i]), textCell(reason ? `${description} (undefined: ${reason})` : description)]);
  });
  let skipped = 0;
  for (const c of r.contributions) skipped += c.skippedEntries;
  out += csvLine(['skipped_entries', String(skipped), textCell('Entry signals not filled: no free position slot or no cash (per symbol in contributions.csv)')]);
  const below = r.sim.belowMinimum;
  let belowK = 0;
  if (below !== undefined) for (const x of below) belowK += x;
  if (belowK > 0) {
    // As in a single run's metrics (only when some were skipped).
    out += csvLine(['skipped_below_minimum', String(belowK), textCell('Entries skipped because their size was below min_size or min_notional (after rounding to size_granularity)')]);
  }
  const fut = r.futures;
  if (fut) {
    // Perpetual-futures accounts only (docs/futures.md "Portfolio"), as in a single run's metrics.
    out += futuresMetricLines(fut, 'Largest Σ position notional / equity at a bar close');
  }
  out += csvLine(['symbols', String(r.symbols.length), textCell(`One account over ${r.symbols.join(' ')}`)]);
  out += csvLine(['stake', textCell(formatStake(r.mode.stake)), 'Size of each entry: equal (free cash / free slots), an amount, or a share of free cash']);
  out += csvLine(['allocation', textCell(describeMode(r.mode, r.symbols.length)), 'Portfolio style: stakes on the strategy\'s entries and exits, or target weights']);
  out += csvLine(['max_open_positions', String(r.mode.maxOpenPositions ?? r.symbols.length), 'Positions open at once at most']);
  out += csvLine(['bars', String(r.sim.time.length), 'Bars of the union time index']);
  out += csvLine(['synthetic_data', portfolioDataKind(r) === 'synthetic' ? '1' : '0', 'Whether the bars come from the built-in synthetic sample market']);
  return out;
}

export function contributionsCsv(r: PortfolioBacktestResult): string {
  let out = csvLine(['symbol', 'pnl', 'pnl_share', 'closed_trades', 'open_trades', 'exposure', 'skipped_entries', 'fees', 'orders', 'data']);
  const kind = portfolioDataKind(r);
  for (const c of r.contributions) {
    out += csvLine([textCell(c.symbol), numberCell(c.pnl), numberCell(c.pnlShare), String(c.closedTrades), String(c.openTrades),
      numberCell(c.exposure), String(c.skippedEntries), numberCell(c.fees), String(c.orders), kind]);
  }
  return out;
}

/** Writes the five CSV files into `dir`; returns their names. */
export async function writePortfolioCsvFiles(r: PortfolioBacktestResult, dir: string): Promise<string[]> {
  const files: [string, string][] = [
    ['equity.csv', portfolioEquityCsv(r)], ['trades.csv', portfolioTradesCsv(r)], ['orders.csv', portfolioOrdersCsv(r)],
    ['performance_metrics.csv', portfolioMetricsCsv(r)], ['contributions.csv', contributionsCsv(r)],
  ];
  await Promise.all(files.map(([name, text]) => writeFile(join(dir, name), text)));
  return files.map(([name]) => name);
}
