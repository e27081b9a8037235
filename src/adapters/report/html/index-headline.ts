/**
 * The first thing `index.html` shows: for a backtest folder the headline metrics (read back from
 * performance_metrics.csv, so the page shows exactly what the CSV holds); for an optimization
 * folder the best combination and the values searched (from optimization_results.csv).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMetricKey } from '../../../domain/metrics/catalog.js';
import { parseCsvRows } from '../csv/read-csv.js';
import { escapeHtml } from './escape.js';
import { fmtMetric, metricLabel } from './format.js';

const HEADLINE = ['total_return', 'annualized_return', 'sharpe_ratio', 'max_drawdown', 'win_rate', 'total_trades', 'benchmark_return'] as const;

function value(cell: string): number {
  return cell === '' ? NaN : cell === 'inf' ? Infinity : cell === '-inf' ? -Infinity : Number(cell);
}

function tile(label: string, text: string): string {
  return `<div class="tile"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(text)}</div></div>`;
}

/** Headline tiles from `dir/performance_metrics.csv`, or '' when the folder has none. */
export async function metricsHeadline(dir: string): Promise<string> {
  const file = join(dir, 'performance_metrics.csv');
  if (!existsSync(file)) return '';
  const rows = parseCsvRows(await readFile(file, 'utf8'));
  const byName = new Map(rows.slice(1).map((r) => [r[0], r[1] ?? ''] as const));
  const tiles = HEADLINE.filter((k) => byName.has(k)).map((k) => tile(metricLabel(k), isMetricKey(k) ? fmtMetric(k, value(byName.get(k)!)) : byName.get(k)!));
  return tiles.length ? `<div class="tiles">${tiles.join('')}</div><p class="note">Every metric, with its definition: <a href="overview.html">overview</a> and performance_metrics.csv.</p>` : '';
}

/**
 * The best combination (first row of `dir/optimization_results.csv`: rows are ranked) and, per
 * optimized parameter, the values that were searched; '' when the folder has no results file.
 */
export async function optimizationHeadline(dir: string): Promise<string> {
  const file = join(dir, 'optimization_results.csv');
  if (!existsSync(file)) return '';
  const rows = parseCsvRows(await readFile(file, 'utf8')).filter((r) => r.length > 1);
  if (rows.length < 2) return '<p class="note">No combination finished.</p>';
  const [header, best] = [rows[0], rows[1]];
  // Parameter columns sit between the bookkeeping columns and the first metric column.
  const first = header.indexOf('evaluation') + 1;
  let last = first;
  while (last < header.length && !isMetricKey(header[last])) last++;
  const params = header.slice(first, last);
  const searched = params.map((_, j) => {
    const seen = [...new Set(rows.slice(1).map((r) => r[first + j]))];
    const numeric = seen.every((v) => v !== '' && Number.isFinite(Number(v)));
    return numeric ? seen.sort((a, b) => Number(a) - Number(b)) : seen.sort();
  });
  const metrics = header.slice(last).filter((k) => (HEADLINE as readonly string[]).includes(k));
  const facts = params.map((p, j) => `<tr><td>${escapeHtml(p)}</td><td>${escapeHtml(best[first + j])}</td><td class="text">${escapeHtml(searched[j].join(', '))}</td></tr>`).join('');
  const tiles = metrics.map((k) => tile(metricLabel(k), isMetricKey(k) ? fmtMetric(k, value(best[header.indexOf(k)])) : best[header.indexOf(k)]));
  const links = [['optimization_distribution.html', 'distribution'], ['optimization_heatmap.html', 'heatmaps'], ['optimization_convergence.html', 'convergence'], ['best_backtest/index.html', 'the best combination\'s backtest']]
    .filter(([f]) => existsSync(join(dir, f))).map(([f, l]) => `<a href="${f}">${l}</a>`).join(' · ');
  return `<h3>Best combination (rank 1 of ${rows.length - 1})</h3><div class="tiles">${tiles.join('')}</div>`
    + `<div class="table-wrap"><table><thead><tr><th>Parameter</th><th>Best</th><th class="text">Values searched</th></tr></thead><tbody>${facts}</tbody></table></div>`
    + (links ? `<p class="note">See ${links}.</p>` : '');
}
