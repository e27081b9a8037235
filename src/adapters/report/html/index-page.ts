/**
 * `writeIndexPage(dir, run)`: `index.html` in an output folder, linking everything the run wrote
 * there (found by listing the folder, so call it last) with the run's settings and, on synthetic
 * data, the banner.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { PageColumns } from './columns.js';
import { escapeHtml } from './escape.js';
import { renderPage, REPORT_PAGES } from './layout.js';
import { metricsHeadline, optimizationHeadline } from './index-headline.js';
import { OPTIMIZATION_PAGES } from './optimization/page-base.js';
import { captionFor, fmtBytes, listOutput, type OutputDir } from './output-files.js';
import type { RunInfo } from './run-info.js';
import { writeOutput } from '../../output/write-text.js';
import { withUpLink, type NavLink } from './write-reports.js';
import { VALIDATION_PAGES } from './validation/validation-page.js';

function factsHtml(rows: readonly (readonly [string, string])[]): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function valueText(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/** `initCash` → `init_cash`: settings are shown as the config file spells them. */
export function configKey(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * An absolute path as seen from the report's folder, so a shared report names no folder of the
 * author's machine; relative paths are kept as given.
 */
function fromFolder(p: string, dir: string | undefined): string {
  return dir !== undefined && isAbsolute(p) ? relative(dir, p) || '.' : p;
}

/** The command line with its absolute paths made relative to the report's folder. */
function commandFromFolder(command: string, dir: string | undefined): string {
  return command.split(' ').map((t) => (t.startsWith('/') ? fromFolder(t, dir) : t)).join(' ');
}

/**
 * The settings block: what was run, on what data. With `dir` (the folder the page is written to),
 * absolute paths are shown relative to it.
 */
export function settingsHtml(run: RunInfo, dir?: string): string {
  const o = run.origin;
  const general: [string, string][] = [
    ['Symbols', run.symbols.join(', ')],
    ['Timeframe', run.timeframe],
    ['Start (inclusive, UTC)', run.start ?? 'first available bar'],
    ['End (exclusive, UTC)', run.end ?? 'last closed bar'],
    ['Strategy', run.strategy.name ? `${run.strategy.name} (${run.strategy.id})` : run.strategy.id],
    ['Data', `${o.synthetic ? 'SYNTHETIC: ' : ''}${o.description} (${o.market})`],
  ];
  if (run.configPath) general.push(['Config file', fromFolder(run.configPath, dir)]);
  if (run.command) general.push([dir === undefined ? 'Command' : 'Command (paths relative to this folder)', commandFromFolder(run.command, dir)]);
  if (run.startedAt) general.push(['Started (UTC)', run.startedAt]);
  const params = Object.entries(run.strategy.params).map(([k, v]) => [k, valueText(v)] as const);
  const portfolio = Object.entries(run.portfolio).map(([k, v]) => [configKey(k), valueText(v)] as const);
  const notes = run.notes?.length ? `<h3>Notes</h3><ul>${run.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return `<div class="grid cols-2"><div><h3>Run</h3>${factsHtml(general)}${notes}</div><div><h3>Strategy parameters</h3>${factsHtml(params)}<h3>Portfolio parameters</h3>${factsHtml(portfolio)}</div></div>`;
}

function filesHtml(d: OutputDir): string {
  const items = d.files.map((f) => {
    const cap = captionFor(f.path);
    return `<li><a href="${escapeHtml(f.path)}">${escapeHtml(f.path)}</a> <span class="muted">(${fmtBytes(f.bytes)})${cap ? ` — ${escapeHtml(cap)}` : ''}</span></li>`;
  });
  const sub = d.dirs.map((s) => {
    const hasIndex = s.files.some((f) => f.path === `${s.path}/index.html`);
    const head = hasIndex ? `<a href="${escapeHtml(s.path)}/index.html">${escapeHtml(s.path)}/</a>` : `${escapeHtml(s.path)}/`;
    return `<li><strong>${head}</strong>${filesHtml(s)}</li>`;
  });
  return `<ul class="files">${[...items, ...sub].join('')}</ul>`;
}

/** Writes `index.html` into `dir`; returns its name. `options.up` adds a first link out of the folder (e.g. to the summary). */
export async function writeIndexPage(dir: string, run: RunInfo, options: { up?: NavLink } = {}): Promise<string> {
  const listing = listOutput(dir);
  const has = (f: string) => existsSync(join(dir, f));
  const nav = [
    ...(has('summary.html') ? [{ file: 'summary.html', label: 'Summary' }] : []),
    ...REPORT_PAGES.filter((p) => has(p.file)),
    ...VALIDATION_PAGES.filter((p) => has(p.file)),
    ...OPTIMIZATION_PAGES.filter((p) => has(p.file)),
    ...(has('best_backtest/index.html') ? [{ file: 'best_backtest/index.html', label: 'Best backtest' }] : []),
  ];
  const title = run.title ?? `Backtest: ${run.symbols.join(', ')} ${run.timeframe}`;
  const headline = (await metricsHeadline(dir)) + (await optimizationHeadline(dir));
  const picture = has('equity.svg') ? [{ kind: 'html' as const, html: '<h3>Equity and drawdown</h3><img class="preview" src="equity.svg" alt="Equity and drawdown curves">' }] : [];
  const html = renderPage(withUpLink({
    title, subtitle: `${run.symbols.join(', ')} · ${run.timeframe} · ${run.strategy.name ?? run.strategy.id}`, current: 'index.html',
    nav: [{ file: 'index.html', label: 'Run' }, ...nav], origin: run.origin, columns: new PageColumns(),
    sections: [
      ...(headline ? [{ title: 'Results', blocks: [{ kind: 'html' as const, html: headline }] }] : []),
      ...(picture.length ? [{ blocks: picture }] : []),
      { title: 'Settings', blocks: [{ kind: 'html', html: settingsHtml(run, dir) }] },
      { title: 'Files', intro: 'Everything this run wrote into this folder. CSV values are plain numbers at full precision, times ISO-8601 UTC.', blocks: [{ kind: 'html', html: filesHtml(listing) }] },
    ],
  }, options.up), null);
  await writeOutput(join(dir, 'index.html'), html);
  return 'index.html';
}
