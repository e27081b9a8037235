import type { BacktestResult } from '../../../orchestration/result.js';
import { csvLine, isoCell, numberCell, textCell } from './csv-format.js';
import { dataKind } from './write-csv-files.js';

export const ORDER_COLUMNS = ['time', 'bar', 'symbol', 'side', 'price', 'units', 'value', 'fee', 'data'] as const;

/**
 * orders.csv: every fill in time order (entries, exits, stop exits, reversals as one order, limit
 * and stop entry fills, `finalize_trades` closes): side `buy`/`sell`, fill price after slippage,
 * positive units, `value = price*units`, fee.
 */
export function ordersCsv(result: BacktestResult): string {
  const o = result.sim.orders;
  const time = result.frame.time;
  const symbol = textCell(result.symbol);
  const kind = dataKind(result);
  let out = csvLine([...ORDER_COLUMNS]);
  for (let i = 0; i < o.count; i++) {
    const b = o.barIndex[i];
    out += csvLine([isoCell(time[b]), String(b), symbol, o.side[i] > 0 ? 'buy' : 'sell', numberCell(o.price[i]), numberCell(o.units[i]),
      numberCell(o.price[i] * o.units[i]), numberCell(o.fee[i]), kind]);
  }
  return out;
}
