/** trades.html: trade returns over time, P&L distribution, duration, MAE/MFE, streaks, entry/exit timing, and the trade list. */
import { tradeColumns } from '../analysis/trade-rows.js';
import { streakChart } from '../charts/streak-chart.js';
import { timingChart } from '../charts/timing-chart.js';
import { NO_TRADES, tradePnlHistogram } from '../charts/trade-distribution.js';
import { durationChart, excursionChart, tradeTimelineChart } from '../charts/trade-scatter.js';
import { PageColumns } from '../columns.js';
import { escapeHtml } from '../escape.js';
import type { PageSpec } from '../layout.js';
import type { ReportModel } from '../model.js';
import { resultPage } from './page-base.js';

/** Rows per page of the trade list (the client builds the rows from the trade columns). */
export const TRADE_PAGE_ROWS = 500;

const HEADERS = ['#', 'Side', 'Entry (UTC)', 'Exit (UTC)', 'Entry price', 'Exit price', 'Units', 'P&L', 'Return', 'Fees', 'Duration', 'Exit', 'SL', 'TP'];
const TEXT_COLUMNS = new Set([1, 2, 3, 11]);

/**
 * The trade list: an empty table that the client fills from the page's trade columns, 500 rows at
 * a time with a pager (every trade, at no cost in page size beyond the columns).
 */
function tradeTable(m: ReportModel): string {
  if (m.trades.length === 0) return `<p class="muted" data-empty-for="trade-table">${escapeHtml(NO_TRADES)}</p>`;
  const th = HEADERS.map((h, i) => `<th${TEXT_COLUMNS.has(i) ? ' class="text"' : ''}>${escapeHtml(h)}</th>`).join('');
  const pager = m.trades.length > TRADE_PAGE_ROWS
    ? `<p class="note pager" id="trade-pager"><button type="button" data-page="prev">Previous</button> <span data-page-info></span> <button type="button" data-page="next">Next</button></p>`
    : '';
  return `${pager}<div class="table-wrap"><table class="sortable-list" id="trade-table" data-page-size="${TRADE_PAGE_ROWS}"><thead><tr>${th}</tr></thead><tbody></tbody></table></div>`;
}

export function tradesPage(m: ReportModel): PageSpec {
  const cols = new PageColumns();
  const open = m.trades.length - m.closed.length;
  const intro = `${m.closed.length} closed trade(s)${open ? ` and ${open} still open at the last bar (left out of the statistics, DESIGN.md §3)` : ''}. Click a column header to sort the list (every trade, 500 to a page).`;
  return resultPage(m, 'trades.html', 'Trade analysis', cols, [
    { intro, blocks: [tradeTimelineChart(m)] },
    { columns: 2, blocks: [tradePnlHistogram(m), durationChart(m), excursionChart(m), streakChart(m), timingChart(m, 'weekday'), timingChart(m, 'hour')] },
    { title: 'All trades', blocks: [{ kind: 'html', html: tradeTable(m) }] },
  ], { data: { trades: tradeColumns(m.trades) } });
}
