/**
 * The page shell shared by every report page: head with the stylesheet, a header naming the run
 * with navigation between the pages, the synthetic-data banner, the content, then the ECharts
 * script, the page's JSON payload and the client runtime. Nothing is loaded from the network.
 */
import type { DataOrigin } from '../../../domain/frame/frame.js';
import { CLIENT_RUNTIME } from './client-runtime.js';
import type { ChartBlock, ChartSpec } from './charts/chart-spec.js';
import type { PageColumns } from './columns.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { RUN_DATA_FILE, type RunData } from './run-data.js';
import { REPORT_CSS } from './styles.js';

/** The report pages in navigation order. */
export const REPORT_PAGES = [
  { file: 'overview.html', label: 'Overview' },
  { file: 'equity.html', label: 'Equity' },
  { file: 'drawdowns.html', label: 'Drawdowns' },
  { file: 'trades.html', label: 'Trades' },
  { file: 'indicators.html', label: 'Indicators' },
  { file: 'monthly_returns.html', label: 'Monthly returns' },
] as const;

/** How the ECharts library reaches the page: a relative `<script src>` or inlined source. */
/** How the ECharts library (and, as a file, the client runtime: library.ts RUNTIME_ASSET) reaches the page. */
export type LibraryTag = { readonly kind: 'src'; readonly src: string; readonly runtime: string } | { readonly kind: 'inline'; readonly source: string };

/**
 * Runs the shared runtime after the page's data; without it (a page moved away from its assets
 * folder) each chart says why it is missing.
 */
const RUN_SHARED_RUNTIME = `(function () {
  if (window.__backtesterReport) return window.__backtesterReport();
  Array.prototype.forEach.call(document.querySelectorAll('div.chart'), function (el) {
    el.className += ' chart-failed';
    el.textContent = 'The charting library did not load: keep the assets folder (assets/echarts.min.js and assets/report-runtime.js) next to this file, or write the reports with the library inlined.';
  });
  console.error('ECharts is not loaded: the assets folder (assets/echarts.min.js) is missing next to this page.');
  window.__reportReady = true;
  document.body.setAttribute('data-ready', 'true');
})();`;

/** A page section: a heading, optional HTML, then chart blocks and HTML blocks in order. */
export interface Section {
  readonly title?: string;
  readonly intro?: string;
  readonly blocks: readonly (ChartBlock | { readonly kind: 'html'; readonly html: string; readonly wide?: boolean })[];
  /** Two blocks per row on wide screens. */
  readonly columns?: 1 | 2;
}

export interface PageSpec {
  /** `<title>` and the main heading. */
  readonly title: string;
  /** The header line: symbol, timeframe, strategy. */
  readonly subtitle: string;
  /** This page's file name, highlighted in the navigation ('' for none). */
  readonly current: string;
  /** Navigation links (file, label); relative to the page. */
  readonly nav: readonly { readonly file: string; readonly label: string }[];
  readonly origin: DataOrigin | null;
  readonly sections: readonly Section[];
  readonly columns: PageColumns;
  /** Extra data for the client (e.g. `trades` for tooltips). */
  readonly data?: Record<string, unknown>;
  /** Chart ids whose zoom and tooltips move together. */
  readonly connect?: readonly string[];
}

/** The banner shown on every page of a run on synthetic data. */
export function syntheticBanner(origin: DataOrigin | null): string {
  if (!origin?.synthetic) return '';
  return `<div class="banner synthetic" role="note" data-synthetic="true"><strong>Synthetic data.</strong> The bars come from the built-in sample market, not from a real exchange: do not trade on these results. <span class="muted">Source: ${escapeHtml(origin.description)}.</span></div>`;
}

function navHtml(spec: PageSpec): string {
  const links = spec.nav.map((l) => `<a href="${escapeHtml(l.file)}"${l.file === spec.current ? ' aria-current="page"' : ''}>${escapeHtml(l.label)}</a>`);
  return `<nav>${links.join('')}</nav>`;
}

function chartHtml(b: ChartBlock, wide = false): string {
  const head = `<h3>${escapeHtml(b.title)}</h3>`;
  const cls = wide ? 'card wide' : 'card';
  if (b.kind === 'empty') {
    return `<figure class="${cls}">${head}<div class="chart-empty" data-empty-for="${escapeHtml(b.id)}" role="status">${escapeHtml(b.message)}</div></figure>`;
  }
  const note = b.note ? `<p class="note">${escapeHtml(b.note)}</p>` : '';
  return `<figure class="${cls}">${head}${note}<div class="chart" id="${escapeHtml(b.id)}" style="height:${b.height}px"></div></figure>`;
}

function sectionHtml(s: Section): string {
  // Two columns with an odd count: the last block spans the row, so no grid cell stays blank.
  const n = s.blocks.length;
  const spans = (i: number) => s.columns === 2 && n % 2 === 1 && i === n - 1;
  const blocks = s.blocks.map((b, i) => (b.kind === 'html' ? `<div class="card${b.wide || spans(i) ? ' wide' : ''}">${b.html}</div>` : chartHtml(b, spans(i))));
  const title = s.title ? `<h2>${escapeHtml(s.title)}</h2>` : '';
  const intro = s.intro ? `<div class="intro">${s.intro}</div>` : '';
  return `<section>${title}${intro}<div class="grid cols-${s.columns ?? 1}">${blocks.join('')}</div></section>`;
}

function libraryHtml(lib: LibraryTag): string {
  return lib.kind === 'src'
    ? `<script src="${escapeHtml(lib.src)}"></script>\n<script src="${escapeHtml(lib.runtime)}"></script>`
    : `<script>${lib.source.replace(/<\/script/gi, '<\\/script')}</script>`;
}

/** The charts of a page, in document order. */
export function pageCharts(spec: PageSpec): ChartSpec[] {
  return spec.sections.flatMap((s) => s.blocks.filter((b): b is ChartSpec => b.kind === 'chart'));
}

/**
 * The complete HTML document of one page. With `run` (pages loading their libraries as files),
 * the columns and data it holds are left out of the page, which loads `report-data.js` instead.
 */
export function renderPage(spec: PageSpec, lib: LibraryTag | null, run: RunData | null = null): string {
  const charts = pageCharts(spec);
  const source = lib?.kind === 'src' ? run : null;
  const fromRun = spec.columns.fromSource(source);
  const data: Record<string, unknown> = {};
  const dataFromRun: string[] = [];
  for (const [k, v] of Object.entries(spec.data ?? {})) {
    if (source?.holdsData(k, v)) dataFromRun.push(k);
    else data[k] = v;
  }
  const usesRun = fromRun.length > 0 || dataFromRun.length > 0;
  const payload = {
    charts: charts.map((c) => ({ id: c.id, option: c.option })),
    columns: spec.columns.toJSON(source),
    connect: spec.connect ?? [],
    ...data,
    ...(usesRun ? { run: { columns: fromRun, data: dataFromRun } } : {}),
  };
  const runScript = usesRun ? `\n<script src="${RUN_DATA_FILE}"></script>` : '';
  const scripts = charts.length > 0 && lib
    ? `${libraryHtml(lib)}${runScript}\n<script type="application/json" id="report-data">${jsonForScript(payload)}</script>\n<script>${lib.kind === 'src' ? RUN_SHARED_RUNTIME : CLIENT_RUNTIME}</script>`
    : '<script>window.__reportReady = true; document.body.setAttribute("data-ready", "true");</script>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(spec.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><div class="brand"><span class="app">backtester</span><span class="run">${escapeHtml(spec.subtitle)}</span></div>${navHtml(spec)}</header>
${syntheticBanner(spec.origin)}
<main>
<h1>${escapeHtml(spec.title)}</h1>
${spec.sections.map(sectionHtml).join('\n')}
</main>
<footer>Generated by backtester. Times are UTC. Charts: Apache ECharts (zoom with the mouse wheel or the slider; drag to pan).</footer>
${scripts}
</body>
</html>
`;
}
