/**
 * The first thing `index.html` shows: for a backtest folder the headline metrics (read back from
 * performance_metrics.csv, so the page shows exactly what the CSV holds); for an optimization
 * folder the best combination and the values searched (from optimization_results.csv).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
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
  const scan = await scanResults(file);
  if (scan === null) return '<p class="note">No combination finished.</p>';
  const { header, best, rows, first, last, seen } = scan;
  const params = header.slice(first, last);
  const searched = seen.map((set) => {
    const values = [...set];
    const numeric = values.every((v) => v !== '' && Number.isFinite(Number(v)));
    return numeric ? values.sort((a, b) => Number(a) - Number(b)) : values.sort();
  });
  const metrics = header.slice(last).filter((k) => (HEADLINE as readonly string[]).includes(k));
  const facts = params.map((p, j) => `<tr><td>${escapeHtml(p)}</td><td>${escapeHtml(best[first + j])}</td><td class="text">${escapeHtml(searched[j].join(', '))}</td></tr>`).join('');
  const tiles = metrics.map((k) => tile(metricLabel(k), isMetricKey(k) ? fmtMetric(k, value(best[header.indexOf(k)])) : best[header.indexOf(k)]));
  const links = [['optimization_distribution.html', 'distribution'], ['optimization_heatmap.html', 'heatmaps'], ['optimization_convergence.html', 'convergence'], ['best_backtest/index.html', 'the best combination\'s backtest']]
    .filter(([f]) => existsSync(join(dir, f))).map(([f, l]) => `<a href="${f}">${l}</a>`).join(' · ');
  return `<h3>Best combination (rank 1 of ${rows})</h3><div class="tiles">${tiles.join('')}</div>`
    + `<div class="table-wrap"><table><thead><tr><th>Parameter</th><th>Best</th><th class="text">Values searched</th></tr></thead><tbody>${facts}</tbody></table></div>`
    + (links ? `<p class="note">See ${links}.</p>` : '');
}

/** Results files up to this size are read whole and split at line feeds (readline's line splitting cost a cold process more than the rest of the scan). */
const WHOLE_READ_BYTES = 16 << 20;

/**
 * The lines of `file` as readline gives them (`\r\n`, `\n` and a lone `\r` end a line; no empty
 * line after a final line break): a small file without `\r` read whole and split, else streamed
 * (a million-row file is hundreds of MB: never held whole).
 */
async function* fileLines(file: string): AsyncGenerator<string> {
  if (statSync(file).size <= WHOLE_READ_BYTES) {
    const text = await readFile(file, 'utf8');
    if (!text.includes('\r')) {
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      yield* lines;
      return;
    }
  }
  yield* createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
}

/**
 * Reads optimization_results.csv line by line: its header, the first (best) row, the number of
 * rows, where the parameter columns are (between `evaluation` and the first metric) and each
 * parameter's distinct values in the order they appear. Null when the file has no data row.
 */
async function scanResults(file: string): Promise<{ header: string[]; best: string[]; rows: number; first: number; last: number; seen: Set<string>[] } | null> {
  let header: string[] | null = null;
  let best: string[] | null = null;
  let rows = 0;
  let first = 0;
  let last = 0;
  let seen: Set<string>[] = [];
  let pending = '';
  for await (const line of fileLines(file)) {
    // A quoted cell may hold a line break: join lines until the quotes balance.
    pending = pending === '' ? line : `${pending}\n${line}`;
    const quoted = pending.includes('"');
    if (quoted && (pending.split('"').length - 1) % 2 === 1) continue;
    const plain = !quoted && !pending.includes('\r');
    // After the best row only the parameter cells are read: a plain row is cut up to them (its
    // ~50 metric cells are never made into strings).
    const cells: string[] = !plain ? parseCsvRows(pending)[0] ?? [] : best === null ? plainCells(pending) : leadingCells(pending, Math.max(last, 1));
    pending = '';
    if (cells.length <= 1) continue;
    if (header === null) {
      header = cells;
      first = header.indexOf('evaluation') + 1;
      last = first;
      while (last < header.length && !isMetricKey(header[last])) last++;
      seen = header.slice(first, last).map(() => new Set<string>());
      continue;
    }
    if (best === null) best = cells;
    rows++;
    for (let j = 0; j < seen.length; j++) seen[j].add(cells[first + j]);
  }
  return header === null || best === null ? null : { header, best, rows, first, last, seen };
}

/** The cells of a line without quotes or CR: what parseCsvRows gives for it, without a string per character. */
export function plainCells(line: string): string[] {
  return line === '' ? [] : line.split(',');
}

/**
 * The first `count` cells of a line without quotes or CR, as `plainCells(line).slice(0, count)`
 * gives them, plus the rest of the line as one last cell when there is more (so a row with more
 * cells than `count` still counts as a row).
 */
export function leadingCells(line: string, count: number): string[] {
  if (line === '') return [];
  const cells: string[] = [];
  let from = 0;
  while (cells.length < count) {
    const comma = line.indexOf(',', from);
    if (comma < 0) {
      cells.push(line.slice(from));
      return cells;
    }
    cells.push(line.slice(from, comma));
    from = comma + 1;
  }
  cells.push(line.slice(from));
  return cells;
}
