import type { MetricsInput } from './metrics-input.js';
import * as R from './reasons.js';
import { STAT_INDEX } from './stats-catalog.js';
import { EXIT_END_OPEN } from '../../kernels/sim/records.js';

const S = STAT_INDEX;
const DAY_MS = 86_400_000;

/**
 * Writes the trade statistics (docs/metrics.md "Full statistics") of the closed trades of
 * `input.trades` (in entry order, which for one position at a time is also exit order): wins are
 * pnl > 0, losses pnl < 0 (a zero-pnl trade is neither and breaks both streaks); averages of
 * winning/losing trades are over their returns `ret` and durations in days; turnover uses every
 * fill, the open trade's entry included, over the mean equity `eqSum / n` (`eqSum`: the
 * left-to-right sum of `input.equity`, which `writeReturnStatistics` returns).
 */
export function writeTradeStatistics(input: MetricsInput, eqSum: number, out: Float64Array, codes: Uint8Array): void {
  const { trades: tr, time, equity } = input;
  const put = (i: number, v: number, code: number) => { out[i] = v; codes[i] = v === v ? R.REASON_NONE : code; };
  let closed = 0;
  let longs = 0;
  let shorts = 0;
  let longWins = 0;
  let shortWins = 0;
  let wins = 0;
  let losses = 0;
  let winRet = 0;
  let lossRet = 0;
  let winMs = 0;
  let lossMs = 0;
  let sumPnl = 0;
  let run = 0; // > 0: wins in a row, < 0: losses in a row
  let maxWins = 0;
  let maxLosses = 0;
  let traded = 0;
  for (let k = 0; k < tr.count; k++) {
    traded += tr.units[k] * tr.entryPrice[k];
    if (tr.exitReason[k] === EXIT_END_OPEN) continue;
    traded += tr.units[k] * tr.exitPrice[k];
    closed++;
    const pnl = tr.pnl[k];
    const win = pnl > 0;
    sumPnl += pnl;
    if (tr.side[k] > 0) { longs++; if (win) longWins++; } else { shorts++; if (win) shortWins++; }
    const ms = time[tr.exitIndex[k]] - time[tr.entryIndex[k]];
    if (win) {
      wins++;
      winRet += tr.ret[k];
      winMs += ms;
      run = run > 0 ? run + 1 : 1;
      if (run > maxWins) maxWins = run;
    } else if (pnl < 0) {
      losses++;
      lossRet += tr.ret[k];
      lossMs += ms;
      run = run < 0 ? run - 1 : -1;
      if (-run > maxLosses) maxLosses = -run;
    } else run = 0;
  }
  put(S.long_trades, longs, R.REASON_NONE);
  put(S.short_trades, shorts, R.REASON_NONE);
  put(S.max_consecutive_wins, maxWins, R.REASON_NONE);
  put(S.max_consecutive_losses, maxLosses, R.REASON_NONE);
  put(S.long_win_rate, longs > 0 ? longWins / longs : NaN, R.REASON_NO_LONG_TRADES);
  put(S.short_win_rate, shorts > 0 ? shortWins / shorts : NaN, R.REASON_NO_SHORT_TRADES);
  const noWin = closed === 0 ? R.REASON_NO_CLOSED_TRADES : R.REASON_NO_WINS;
  const noLoss = closed === 0 ? R.REASON_NO_CLOSED_TRADES : R.REASON_NO_LOSSES;
  const avgWin = wins > 0 ? winRet / wins : NaN;
  const avgLoss = losses > 0 ? lossRet / losses : NaN;
  put(S.avg_winning_trade, avgWin, noWin);
  put(S.avg_losing_trade, avgLoss, noLoss);
  put(S.avg_winning_duration, wins > 0 ? winMs / wins / DAY_MS : NaN, noWin);
  put(S.avg_losing_duration, losses > 0 ? lossMs / losses / DAY_MS : NaN, noLoss);
  // payoff: +inf with wins and no loss, 0 with losses and no win (as profit_factor)
  let payoff = NaN;
  if (wins > 0 && losses > 0) payoff = avgLoss < 0 ? avgWin / -avgLoss : NaN;
  else if (wins > 0) payoff = Infinity;
  else if (losses > 0) payoff = 0;
  put(S.payoff_ratio, payoff, closed === 0 ? R.REASON_NO_CLOSED_TRADES : R.REASON_ZERO_PNL);
  const winRate = closed > 0 ? wins / closed : NaN;
  // kelly = W − (1 − W)/R; with no win (R = 0) the second term is (1 − 0)/0 → −inf: undefined
  put(S.kelly_criterion, payoff > 0 ? winRate - (1 - winRate) / payoff : NaN, closed === 0 ? R.REASON_NO_CLOSED_TRADES : R.REASON_NO_WINS);
  // SQN: a second pass over the closed pnl (few trades)
  let sqn = NaN;
  if (closed >= 2) {
    const mean = sumPnl / closed;
    let ss = 0;
    for (let k = 0; k < tr.count; k++) {
      if (tr.exitReason[k] === EXIT_END_OPEN) continue;
      const d = tr.pnl[k] - mean;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / (closed - 1));
    sqn = sd > 0 ? (Math.sqrt(closed) * mean) / sd : NaN;
  }
  put(S.sqn, sqn, closed === 0 ? R.REASON_NO_CLOSED_TRADES : closed < 2 ? R.REASON_TOO_FEW_TRADES : R.REASON_ZERO_VARIANCE);
  const meanEq = eqSum / equity.length;
  put(S.turnover, equity.length > 0 && meanEq > 0 ? traded / meanEq : NaN, equity.length === 0 ? R.REASON_NO_BARS : R.REASON_EQUITY_NOT_POSITIVE);
}
