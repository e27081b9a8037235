/** indicators.html: candles with indicators, trades and stops; signal counts; indicator correlation. */
import { tradeColumns } from '../analysis/trade-rows.js';
import { correlationChart } from '../charts/correlation-chart.js';
import { priceChart } from '../charts/price-chart.js';
import { signalCounts } from '../charts/trade-markers.js';
import { PageColumns } from '../columns.js';
import { cell, tableHtml } from '../components/table.js';
import { escapeHtml } from '../escape.js';
import { fmtNumber } from '../format.js';
import type { PageSpec } from '../layout.js';
import type { ReportModel } from '../model.js';
import { resultPage } from './page-base.js';

function signalTable(m: ReportModel): string {
  const r = m.result;
  const rows = signalCounts(r.signals).map((s) => [cell(s.label), cell(fmtNumber(s.count, 0), s.count)]);
  rows.push([cell('trades opened'), cell(fmtNumber(m.trades.length, 0), m.trades.length)]);
  rows.push([cell('entry signals not filled'), cell(fmtNumber(r.sim.skippedEntries, 0), r.sim.skippedEntries)]);
  const params = Object.entries(r.strategy.params).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`).join('');
  return `<h3>Signals</h3>${tableHtml(['Signal', 'Bars'], rows, { id: 'signal-table' })}<p class="note">An entry is ignored while a position of that side is open and an exit while flat (DESIGN.md §3), so there are usually more signals than trades.</p><h3>Parameters</h3><dl class="facts">${params}</dl>`;
}

export function indicatorsPage(m: ReportModel): PageSpec {
  const cols = new PageColumns();
  return resultPage(m, 'indicators.html', 'Indicator analysis', cols, [
    { blocks: [priceChart(m, cols)] },
    { columns: 2, blocks: [{ kind: 'html', html: signalTable(m) }, correlationChart(m)] },
  ], { data: { trades: tradeColumns(m.trades) } });
}
