import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS, type MetricKey } from '../../../domain/metrics/catalog.js';
import { STATISTICS, type StatKey } from '../../../domain/metrics/stats-catalog.js';
import { tradeExcursions } from '../../../domain/portfolio/excursions.js';
import { EXIT_END_OPEN, EXIT_REASONS } from '../../../domain/portfolio/records.js';
import type { BacktestResult } from '../../../orchestration/result.js';
import { csvLine, isoCell, numberCell, textCell } from './csv-format.js';
import { ordersCsv } from './orders-csv.js';
import { futuresSummary, type FuturesSummary } from '../../../domain/portfolio/futures-summary.js';
import type { TradeRecords } from '../../../kernels/sim/records.js';
import { writeText } from '../../output/write-text.js';

const DAY_MS = 86_400_000;

/** `real` or `synthetic`: every CSV row says which kind of data it came from. */
export function dataKind(result: BacktestResult): string {
  return result.frame.origin.synthetic ? 'synthetic' : 'real';
}

/** performance_metrics.csv: metric,value,description (undefined values empty, with the reason). */
export function performanceMetricsCsv(result: BacktestResult): string {
  let out = csvLine(['metric', 'value', 'description']);
  const reasons = result.metrics.reasons as Partial<Record<MetricKey | StatKey, string>>;
  const row = (m: { key: MetricKey | StatKey; description: string }, v: number) => {
    const reason = reasons[m.key];
    const description = reason ? `${m.description} (undefined: ${reason})` : m.description;
    out += csvLine([m.key, numberCell(v), textCell(description)]);
  };
  METRICS.forEach((m, i) => row(m, result.metrics.values[i]));
  // The full statistics set (single runs; docs/metrics.md "Full statistics").
  const stats = result.metrics.stats;
  if (stats) STATISTICS.forEach((m, i) => row(m, stats[i]));
  out += csvLine(['ambiguous_stop_bars', String(result.sim.ambiguousStopBars), textCell('Bars where stop-loss and take-profit both lay inside the range (stop-loss taken)')]);
  out += csvLine(['skipped_entries', String(result.sim.skippedEntries), textCell('Entry signals that could not be filled')]);
  // Counts of the issue-10 order features, only when something happened (plain runs keep their rows).
  if ((result.sim.expiredOrders ?? 0) > 0) {
    out += csvLine(['expired_orders', String(result.sim.expiredOrders), textCell('Limit/stop entry orders that expired unfilled')]);
  }
  if ((result.sim.belowMinimum ?? 0) > 0) {
    out += csvLine(['skipped_below_minimum', String(result.sim.belowMinimum), textCell('Entries skipped because their size was below min_size or min_notional')]);
  }
  const fut = futuresSummary(result.sim, result.frame.close);
  if (fut !== null) {
    // Perpetual-futures runs only (docs/futures.md, docs/metrics.md "Futures").
    out += futuresMetricLines(fut, 'Largest position notional / equity at a bar close');
  }
  out += csvLine(['bars', String(result.frame.length), 'Bars in the backtest']);
  const a = result.annualization;
  out += csvLine(['periods_per_year', numberCell(a.periodsPerYear),
    textCell(`Periods per year used to annualise (${a.calendar} calendar${a.calendar === 'stocks' ? ': 252 sessions a year' : ''})`)]);
  out += csvLine(['synthetic_data', result.frame.origin.synthetic ? '1' : '0',
    textCell(result.frame.origin.synthetic ? 'Built-in sample market: synthetic data, not real prices' : `Real market data: ${result.frame.origin.description}`)]);
  return out;
}

export const TRADE_COLUMNS = [
  'entry_time', 'exit_time', 'symbol', 'side', 'status', 'entry_price', 'exit_price', 'units', 'entry_fee', 'exit_fee',
  'pnl', 'return', 'duration_days', 'exit_reason', 'sl_level', 'tp_level', 'entry_bar', 'exit_bar', 'mae', 'mfe', 'bars_held', 'data',
] as const;

/** Perpetual-futures runs add these trade columns before `data`. */
export const FUTURES_TRADE_COLUMNS = ['funding', 'leverage', 'liquidation_price'] as const;

/** Trade `i`'s cells under FUTURES_TRADE_COLUMNS (single runs and the portfolio account). */
export function futuresTradeCells(t: TradeRecords, i: number, leverage: string): string[] {
  return [numberCell(t.funding[i]), leverage, numberCell(t.liqPrice[i])];
}

/** The futures rows of performance_metrics.csv (docs/metrics.md "Futures"); `maxLeverageNote` says what notional is measured. */
export function futuresMetricLines(fut: FuturesSummary, maxLeverageNote: string): string {
  return csvLine(['total_funding', numberCell(fut.totalFunding), textCell('Funding paid over the run in quote currency (negative = received)')])
    + csvLine(['liquidations', String(fut.liquidations), textCell('Positions closed by liquidation')])
    + csvLine(['max_leverage_used', numberCell(fut.maxLeverageUsed), textCell(maxLeverageNote)]);
}

/** trades.csv: one row per trade (closed, then the open one if any), prices in quote currency. */
export function tradesCsv(result: BacktestResult): string {
  const t = result.sim.trades;
  const time = result.frame.time;
  const kind = dataKind(result);
  const symbol = textCell(result.symbol);
  const fut = result.sim.futures;
  const cols: string[] = [...TRADE_COLUMNS];
  if (fut !== undefined) cols.splice(cols.length - 1, 0, ...FUTURES_TRADE_COLUMNS);
  let out = csvLine(cols);
  const x = tradeExcursions(t, result.frame, result.portfolio.execution);
  const lev = fut === undefined ? '' : numberCell(fut.leverage);
  for (let i = 0; i < t.count; i++) {
    const open = t.exitReason[i] === EXIT_END_OPEN;
    const entryT = time[t.entryIndex[i]];
    const exitT = time[t.exitIndex[i]];
    out += csvLine([
      isoCell(entryT), open ? '' : isoCell(exitT), symbol, t.side[i] > 0 ? 'long' : 'short', open ? 'open' : 'closed',
      numberCell(t.entryPrice[i]), numberCell(t.exitPrice[i]), numberCell(t.units[i]),
      numberCell(t.entryFee[i]), numberCell(t.exitFee[i]), numberCell(t.pnl[i]), numberCell(t.ret[i]),
      numberCell((exitT - entryT) / DAY_MS), EXIT_REASONS[t.exitReason[i]], numberCell(t.slLevel[i]), numberCell(t.tpLevel[i]),
      String(t.entryIndex[i]), String(t.exitIndex[i]), numberCell(x.mae[i]), numberCell(x.mfe[i]), String(x.barsHeld[i]),
      ...(fut === undefined ? [] : futuresTradeCells(t, i, lev)), kind,
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

/** Rows of equity.csv handed to `flush` at a time when streaming (a year of 1m is ~70 MB of text). */
const CHUNK_ROWS = 8192;
/** Rows joined into one string at a time (a divisor of CHUNK_ROWS). */
const JOIN_ROWS = 256;

/**
 * equity.csv: per bar after its fills, marked to close; drawdown as a positive fraction. With
 * `flush`, the text goes out in chunks as it is made and the rest is returned.
 */
export function equityCsv(result: BacktestResult, flush?: (chunk: string) => void): string {
  const { time, close } = result.frame;
  const { equity, cash, position } = result.sim;
  const bench = result.benchmarkEquity;
  const kind = dataKind(result);
  const fut = result.sim.futures;
  // Rows are joined into one flat string every JOIN_ROWS: a row made by concatenation is a tree of
  // a dozen small strings, and thousands of them kept alive until the end made each young-generation
  // garbage collection copy megabytes of them.
  const chunks: string[] = [`time,equity,cash,position,close,drawdown,benchmark_equity,${fut ? 'funding,margin_used,' : ''}data\n`];
  const lines: string[] = [];
  let pending = 0; // rows in `chunks`, not yet flushed
  let peak = result.portfolio.initCash; // the first peak (DESIGN.md §5)
  // Cash and position stay the same from one fill to the next, and so do the equity and the
  // drawdown while flat: their cells are made again only when the value changes (the same
  // number always gives the same text; NaN never equals itself, so it is made each time).
  const eqCell = new RepeatedCell(), cashCell = new RepeatedCell(), posCell = new RepeatedCell(), ddCell = new RepeatedCell();
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    lines.push(`${isoCell(time[i])},${eqCell.of(equity[i])},${cashCell.of(cash[i])},${posCell.of(position[i])},${numberCell(close[i])},${ddCell.of(1 - equity[i] / peak)},${numberCell(bench[i])},${fut ? `${numberCell(fut.funding[i])},${numberCell(fut.marginUsed[i])},` : ''}${kind}\n`);
    if (lines.length === JOIN_ROWS) {
      chunks.push(lines.join(''));
      lines.length = 0;
      pending += JOIN_ROWS;
      if (flush && pending >= CHUNK_ROWS) {
        flush(chunks.join(''));
        chunks.length = 0;
        pending = 0;
      }
    }
  }
  chunks.push(lines.join(''));
  return chunks.join('');
}

/** numberCell of a column's values, the text of the previous value kept for the next one that equals it. */
class RepeatedCell {
  private value = NaN;

  private text = '';

  of(v: number): string {
    if (v !== this.value) {
      this.value = v;
      this.text = numberCell(v);
    }
    return this.text;
  }
}

/**
 * Writes a file whose text `make` produces in chunks, each written (synchronously) as soon as it is
 * made, so the whole text is never in memory at once.
 */
function streamFile(path: string, make: (flush: (chunk: string) => void) => string): void {
  const fd = openSync(path, 'w');
  try {
    const flush = (chunk: string) => {
      writeSync(fd, chunk);
    };
    flush(make(flush));
  } finally {
    closeSync(fd);
  }
}

/** Writes the per-symbol CSV files into `dir`; returns their names. */
export async function writeCsvFiles(result: BacktestResult, dir: string): Promise<string[]> {
  const files: [string, string][] = [
    ['performance_metrics.csv', performanceMetricsCsv(result)],
    ['trades.csv', tradesCsv(result)],
    ['monthly_returns.csv', monthlyReturnsCsv(result)],
    ['orders.csv', ordersCsv(result)],
  ];
  for (const [name, text] of files) await writeText(join(dir, name), text);
  streamFile(join(dir, 'equity.csv'), (flush) => equityCsv(result, flush));
  return [...files.map(([name]) => name), 'equity.csv'];
}
