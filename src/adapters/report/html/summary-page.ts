/**
 * `writeSummaryPage(dir, results, run)`: for multi-symbol runs, `summary.html` comparing the
 * symbols side by side (every catalog metric, best value per row highlighted) with their equity
 * curves normalised to 1.0 at the start, linking each symbol's folder.
 */
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { DataOrigin } from '../../../domain/frame/frame.js';
import { METRICS } from '../../../domain/metrics/catalog.js';
import type { MetricsReport } from '../../../domain/metrics/report-types.js';
import type { BacktestResult } from '../../../orchestration/result.js';
import { chart, empty, type ChartBlock } from './charts/chart-spec.js';
import { axisTooltip, baseOption, legend, line, PALETTE, timeAxis, valueAxis, zoom } from './charts/common.js';
import { PageColumns } from './columns.js';
import { metricValueHtml } from './components/metrics-dashboard.js';
import { escapeHtml } from './escape.js';
import { metricLabel } from './format.js';
import { renderPage } from './layout.js';
import { prepareLibrary, type LibraryMode } from './library.js';
import type { RunInfo } from './run-info.js';
import { writeOutput } from '../../output/write-text.js';

export interface SymbolSummary {
  readonly symbol: string;
  /** The symbol's output folder: absolute, or relative to the summary's folder. */
  readonly dir: string;
  readonly metrics: MetricsReport;
  readonly origin: DataOrigin;
  /** Bar times and equity for the comparison chart; without them the symbol is left out of the chart. */
  readonly time?: Float64Array;
  readonly equity?: Float64Array;
}

/** A summary entry from a result and the folder its reports went to. */
export function summaryEntry(result: BacktestResult, dir: string): SymbolSummary {
  return { symbol: result.symbol, dir, metrics: result.metrics, origin: result.frame.origin, time: result.frame.time, equity: result.sim.equity };
}

function linkFor(root: string, dir: string): string {
  const rel = relative(root, resolve(root, dir)).split(sep).join('/');
  return `${rel || '.'}/index.html`;
}

/** Rows where neither higher nor lower is better: the benchmark, counts, fees, time in the market, durations. */
const NOT_RANKED = new Set<string>([
  'benchmark_return', 'total_trades', 'open_trades', 'total_fees', 'exposure_time', 'avg_trade_duration', 'avg_trade_duration_bars',
]);
const RANKED = (key: string) => !NOT_RANKED.has(key);

/** The metrics table of the summary page (exported for its test). */
export function metricsTable(root: string, results: readonly SymbolSummary[]): string {
  const head = results.map((r) => `<th><a href="${escapeHtml(linkFor(root, r.dir))}">${escapeHtml(r.symbol)}</a></th>`).join('');
  const rows = METRICS.map((m, i) => {
    const vals = results.map((r) => r.metrics.values[i]).filter((v) => v === v);
    const lo = Math.min(...vals);
    const hi = Math.max(...vals);
    // Highlight only when the symbols differ, and only where more or less is better.
    const best = RANKED(m.key) && vals.length > 1 && lo !== hi ? (m.direction === 'lower' ? lo : hi) : NaN;
    const cells = results.map((r) => {
      const v = r.metrics.values[i];
      return `<td${v === best ? ' class="best" style="font-weight:700"' : ''}>${metricValueHtml(r.metrics, m.key, i)}</td>`;
    }).join('');
    return `<tr><td class="text" title="${escapeHtml(m.description)}">${escapeHtml(metricLabel(m.key))}</td>${cells}</tr>`;
  }).join('\n');
  return `<div class="table-wrap tall"><table id="summary-table"><thead><tr><th class="text">Metric</th>${head}</tr></thead><tbody>${rows}</tbody></table></div><p class="note">Bold: the best value of the row (lower is better for risk metrics; no mark on the benchmark, trade counts, fees, exposure and durations). Click a symbol for its own reports.</p>`;
}

function comparisonChart(results: readonly SymbolSummary[], cols: PageColumns): ChartBlock {
  const id = 'chart-summary-equity';
  const title = 'Equity curves, normalised to 1.0 at the start';
  const drawn = results.filter((r) => r.time && r.equity && r.equity.length > 0 && r.equity[0] > 0);
  if (drawn.length === 0) return empty(id, title, 'No equity curves were given for the comparison.');
  const series = drawn.map((r, i) => {
    const eq = r.equity as Float64Array;
    const norm = new Float64Array(eq.length);
    for (let k = 0; k < eq.length; k++) norm[k] = eq[k] / eq[0];
    cols.put(`t:${i}`, (r.time as Float64Array).subarray(0, eq.length));
    cols.put(`eq:${i}`, norm);
    return line(r.symbol, cols.rows(`t:${i}`, `eq:${i}`), eq.length, { color: PALETTE[i % PALETTE.length] });
  });
  const option = baseOption({
    legend: legend(), tooltip: axisTooltip('num'), grid: { left: 64, right: 24, top: 40, bottom: 52 },
    xAxis: timeAxis(), yAxis: valueAxis(0, 'num'), dataZoom: zoom([0]), series,
  });
  return chart(id, title, option, 420, 'Each symbol\'s equity divided by its first value: 1.25 means +25% since the start.');
}

/** Writes `summary.html` (and the charting library) into `dir`; returns the files written, relative to `dir`. */
export async function writeSummaryPage(dir: string, results: readonly SymbolSummary[], run: RunInfo, options: { library?: LibraryMode } = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const lib = await prepareLibrary(dir, options.library ?? 'asset');
  const cols = new PageColumns();
  const nav = [{ file: 'index.html', label: 'Run' }, { file: 'summary.html', label: 'Summary' },
    ...results.map((r) => ({ file: linkFor(dir, r.dir), label: r.symbol }))];
  const synthetic = results.find((r) => r.origin.synthetic)?.origin ?? run.origin;
  const html = renderPage({
    title: `Summary: ${results.length} symbol(s), ${run.timeframe}`,
    subtitle: `${run.symbols.join(', ')} · ${run.timeframe} · ${run.strategy.name ?? run.strategy.id}`,
    current: 'summary.html', nav, origin: synthetic, columns: cols,
    sections: [
      { title: 'Metrics side by side', blocks: [{ kind: 'html', html: metricsTable(dir, results) }] },
      { blocks: [comparisonChart(results, cols)] },
    ],
  }, lib.tag);
  await writeOutput(join(dir, 'summary.html'), html);
  return [...lib.files, 'summary.html'];
}
