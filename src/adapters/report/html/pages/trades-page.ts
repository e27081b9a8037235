/** trades.html: trade returns over time, P&L distribution, duration, MAE/MFE, streaks, entry/exit timing, and the trade list. */
import { tradeTooltipData, type TradeRow } from '../analysis/trade-rows.js';
import { streakChart } from '../charts/streak-chart.js';
import { timingChart } from '../charts/timing-chart.js';
import { NO_TRADES, tradePnlHistogram } from '../charts/trade-distribution.js';
import { durationChart, excursionChart, tradeTimelineChart } from '../charts/trade-scatter.js';
import { PageColumns } from '../columns.js';
import { cell, signClass, tableHtml, type Cell } from '../components/table.js';
import { escapeHtml } from '../escape.js';
import { fmtDuration, fmtNumber, fmtPercent, fmtPrice, fmtTime } from '../format.js';
import type { PageSpec } from '../layout.js';
import type { ReportModel } from '../model.js';
import { resultPage } from './page-base.js';

/** The trade list shows at most this many rows; trades.csv has them all. */
export const MAX_TRADE_ROWS = 5_000;

function tradeRow(t: TradeRow): Cell[] {
  const status = t.open ? { html: '<span class="badge open">open</span>', sort: 'open' } : cell(t.reason, t.reason);
  return [
    cell(String(t.index + 1), t.index + 1), cell(t.side, t.side), cell(fmtTime(t.entryTime), t.entryTime),
    cell(t.open ? `${fmtTime(t.exitTime)} (last bar)` : fmtTime(t.exitTime), t.exitTime),
    cell(fmtPrice(t.entryPrice), t.entryPrice), cell(fmtPrice(t.exitPrice), t.exitPrice), cell(fmtNumber(t.units, 6), t.units),
    cell(fmtNumber(t.pnl, 2), t.pnl, signClass(t.pnl)), cell(fmtPercent(t.ret), t.ret, signClass(t.ret)), cell(fmtNumber(t.fees, 2), t.fees),
    cell(fmtDuration(t.durationMs), t.durationMs), status, cell(fmtPrice(t.sl), Number.isFinite(t.sl) ? t.sl : ''), cell(fmtPrice(t.tp), Number.isFinite(t.tp) ? t.tp : ''),
  ];
}

function tradeTable(m: ReportModel): string {
  if (m.trades.length === 0) return `<p class="muted" data-empty-for="trade-table">${escapeHtml(NO_TRADES)}</p>`;
  const shown = m.trades.slice(0, MAX_TRADE_ROWS);
  const more = m.trades.length > shown.length ? `<p class="note">Showing the first ${shown.length} of ${m.trades.length} trades; trades.csv lists them all.</p>` : '';
  return more + tableHtml(
    ['#', 'Side', 'Entry (UTC)', 'Exit (UTC)', 'Entry price', 'Exit price', 'Units', 'P&L', 'Return', 'Fees', 'Duration', 'Exit', 'SL', 'TP'],
    shown.map(tradeRow), { id: 'trade-table', sortable: true, textColumns: [1, 2, 3, 11] },
  );
}

export function tradesPage(m: ReportModel): PageSpec {
  const cols = new PageColumns();
  const open = m.trades.length - m.closed.length;
  const intro = `${m.closed.length} closed trade(s)${open ? ` and ${open} still open at the last bar (left out of the statistics, DESIGN.md §3)` : ''}. Click a column header to sort the list.`;
  return resultPage(m, 'trades.html', 'Trade analysis', cols, [
    { intro, blocks: [tradeTimelineChart(m)] },
    { columns: 2, blocks: [tradePnlHistogram(m), durationChart(m), excursionChart(m), streakChart(m), timingChart(m, 'weekday'), timingChart(m, 'hour')] },
    { title: 'All trades', blocks: [{ kind: 'html', html: tradeTable(m) }] },
  ], { data: { trades: tradeTooltipData(m.trades) } });
}
