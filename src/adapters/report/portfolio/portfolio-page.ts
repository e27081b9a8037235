/** `portfolio.html`: the one account's metrics, equity, allocation, contributions, open positions and correlations. */
import { join } from 'node:path';
import type { PortfolioBacktestResult } from '../../../orchestration/run-portfolio-backtest.js';
import { PageColumns } from '../html/columns.js';
import { metricsDashboard } from '../html/components/metrics-dashboard.js';
import { escapeHtml } from '../html/escape.js';
import { renderPage } from '../html/layout.js';
import { prepareLibrary } from '../html/library.js';
import { writeOutput } from '../../output/write-text.js';
import { describeMode } from '../../../domain/portfolio/portfolio-mode.js';
import { allocationChart, contributionsChart, equityChart, openPositionsChart, returnsCorrelationChart } from './portfolio-charts.js';

function contributionsTable(r: PortfolioBacktestResult): string {
  const pct = (x: number) => (x === x ? `${(x * 100).toFixed(1)}%` : '—');
  const rows = r.contributions.map((c) => `<tr><td class="text">${escapeHtml(c.symbol)}</td><td>${c.pnl.toFixed(2)}</td><td>${pct(c.pnlShare)}</td><td>${c.closedTrades}</td><td>${c.openTrades}</td><td>${pct(c.exposure)}</td><td>${c.skippedEntries}</td><td>${c.fees.toFixed(2)}</td></tr>`).join('');
  return `<div class="table-wrap"><table id="contributions-table"><thead><tr><th class="text">Symbol</th><th>PnL</th><th>Share of PnL</th><th>Closed trades</th><th>Open</th><th>Exposure</th><th>Skipped entries</th><th>Fees</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** Writes portfolio.html (and the charting library) into `dir`; `up` links back to the run. */
export async function writePortfolioPage(r: PortfolioBacktestResult, dir: string, up: { href: string; label: string }): Promise<string[]> {
  const lib = await prepareLibrary(dir, 'asset');
  const cols = new PageColumns();
  const frames = Object.values(r.frames);
  const origin = frames.find((f) => f.origin.synthetic)?.origin ?? frames[0].origin;
  const html = renderPage({
    title: `Portfolio: ${r.symbols.length} symbol(s) in one account, ${r.timeframe}`,
    subtitle: `${r.symbols.join(', ')} · ${describeMode(r.mode, r.symbols.length)}`,
    current: 'portfolio.html', origin, columns: cols,
    nav: [{ file: up.href, label: up.label }, { file: 'index.html', label: 'Files' }, { file: 'portfolio.html', label: 'Portfolio' }],
    sections: [
      { title: 'Account metrics', blocks: [{ kind: 'html', html: metricsDashboard(r.metrics) }] },
      { blocks: [equityChart(r, cols)] },
      { blocks: [allocationChart(r, cols)] },
      { title: 'Contributions', blocks: [contributionsChart(r), { kind: 'html', html: contributionsTable(r) }], columns: 2 },
      { blocks: [openPositionsChart(r, cols), returnsCorrelationChart(r)], columns: 2 },
    ],
  }, lib.tag);
  await writeOutput(join(dir, 'portfolio.html'), html);
  return [...lib.files, 'portfolio.html'];
}
