import { METRIC_INDEX } from './catalog.js';
import * as R from './reasons.js';
import { EXIT_END_OPEN, type TradeRecords } from '../../kernels/sim/records.js';

const TOTAL_TRADES = METRIC_INDEX.total_trades;
const OPEN_TRADES = METRIC_INDEX.open_trades;
const WIN_RATE = METRIC_INDEX.win_rate;
const PROFIT_FACTOR = METRIC_INDEX.profit_factor;
const AVG_RET = METRIC_INDEX.avg_trade_return;
const AVG_DAYS = METRIC_INDEX.avg_trade_duration;
const AVG_BARS = METRIC_INDEX.avg_trade_duration_bars;
const EXPECTANCY = METRIC_INDEX.expectancy;
const BEST = METRIC_INDEX.best_trade;
const WORST = METRIC_INDEX.worst_trade;
const EXPOSURE = METRIC_INDEX.exposure_time;
const FEES = METRIC_INDEX.total_fees;
const CLOSED_ONLY = [WIN_RATE, PROFIT_FACTOR, AVG_RET, AVG_DAYS, AVG_BARS, EXPECTANCY, BEST, WORST];

const MS_PER_DAY = 86_400_000;

/**
 * Writes the trade metrics (DESIGN.md §5) of `trades` over a run of `n` bars with bar open times
 * `time` into `out`, reason codes into `codes`. Statistics use closed trades only; trades still
 * open at the last bar (EXIT_END_OPEN) count in `open_trades`, `exposure_time` and `total_fees`.
 * - win: pnl > 0; loss: pnl < 0 (pnl == 0 is neither, and not a win).
 * - profit_factor = sum(pnl of wins) / |sum(pnl of losses)|; Infinity with wins and no loss.
 * - expectancy = win_rate·avg_win − (1−win_rate)·|avg_loss| with avg_loss the mean pnl of the
 *   non-winning trades (pnl <= 0); that is algebraically mean(pnl), computed as such.
 * - exposure_time = bars held after that bar's fills / n: a closed trade holds bars
 *   [entryIndex, exitIndex), an open one [entryIndex, n). Trades must be in entry order; overlaps
 *   are counted once.
 * No allocation.
 */
export function writeTradeMetrics(
  trades: TradeRecords,
  time: Float64Array,
  n: number,
  out: Float64Array,
  codes: Uint8Array,
): void {
  let closed = 0;
  let open = 0;
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let sumPnl = 0;
  let sumRet = 0;
  let sumMs = 0;
  let sumBars = 0;
  let best = -Infinity;
  let worst = Infinity;
  let fees = 0;
  let held = 0;
  let coveredTo = 0;
  for (let k = 0; k < trades.count; k++) {
    fees += trades.entryFee[k] + trades.exitFee[k];
    const entry = trades.entryIndex[k];
    const isOpen = trades.exitReason[k] === EXIT_END_OPEN;
    const end = Math.min(isOpen ? n : trades.exitIndex[k], n);
    const start = Math.max(entry, coveredTo);
    if (end > start) held += end - start;
    if (end > coveredTo) coveredTo = end;
    if (isOpen) {
      open++;
      continue;
    }
    closed++;
    const pnl = trades.pnl[k];
    const ret = trades.ret[k];
    if (pnl > 0) {
      wins++;
      grossProfit += pnl;
    } else if (pnl < 0) {
      grossLoss += pnl;
    }
    sumPnl += pnl;
    sumRet += ret;
    sumMs += time[trades.exitIndex[k]] - time[entry];
    sumBars += trades.exitIndex[k] - entry;
    if (ret > best) best = ret;
    if (ret < worst) worst = ret;
  }
  out[TOTAL_TRADES] = closed;
  out[OPEN_TRADES] = open;
  out[FEES] = fees;
  codes[TOTAL_TRADES] = codes[OPEN_TRADES] = R.REASON_NONE;
  codes[FEES] = fees === fees ? R.REASON_NONE : R.REASON_UNKNOWN;
  out[EXPOSURE] = n > 0 ? held / n : NaN;
  codes[EXPOSURE] = n > 0 ? R.REASON_NONE : R.REASON_NO_BARS;
  if (closed === 0) {
    for (const i of CLOSED_ONLY) {
      out[i] = NaN;
      codes[i] = R.REASON_NO_CLOSED_TRADES;
    }
    return;
  }
  put(out, codes, WIN_RATE, wins / closed);
  put(out, codes, AVG_RET, sumRet / closed);
  put(out, codes, AVG_DAYS, sumMs / closed / MS_PER_DAY);
  put(out, codes, AVG_BARS, sumBars / closed);
  put(out, codes, EXPECTANCY, sumPnl / closed);
  put(out, codes, BEST, best);
  put(out, codes, WORST, worst);
  if (grossLoss < 0) put(out, codes, PROFIT_FACTOR, grossProfit / -grossLoss);
  else if (grossProfit > 0) put(out, codes, PROFIT_FACTOR, Infinity);
  else if (sumPnl === 0) {
    out[PROFIT_FACTOR] = NaN;
    codes[PROFIT_FACTOR] = R.REASON_ZERO_PNL;
  } else put(out, codes, PROFIT_FACTOR, NaN);
}

function put(out: Float64Array, codes: Uint8Array, i: number, v: number): void {
  out[i] = v;
  codes[i] = v === v ? R.REASON_NONE : R.REASON_UNKNOWN;
}
