/**
 * Headless Chromium for the report tests: Debian's `chromium` driven by playwright-core (never a
 * downloaded browser). Tests skip with a clear message when /usr/bin/chromium is absent.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../../support/shared-data.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
/** Appended to describe titles so a skipped run says why. */
export const NEEDS_CHROMIUM = hasChromium ? '' : ' (SKIPPED: needs Debian chromium at /usr/bin/chromium; apt-get install -y chromium)';

export const SCREENSHOT_DIR = path.join(repoRoot, 'test-output', 'screenshots');
/** Report folders written by the browser tests, kept for a human to open (gitignored). */
export const REPORT_OUTPUT_DIR = path.join(repoRoot, 'test-output', 'reports');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface LoadedPage {
  readonly page: Page;
  /** Console errors and warnings, and uncaught page errors. */
  readonly problems: string[];
  /** Every URL the page requested. */
  readonly requests: string[];
  readonly loadMs: number;
}

/** Opens `dir/file` from file:// in a fresh page and waits until every chart has rendered. */
export async function openReport(browser: Browser, dir: string, file: string, width = 1400): Promise<LoadedPage> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  const t0 = performance.now();
  await page.goto(pathToFileURL(path.join(dir, file)).href, { waitUntil: 'load' });
  await page.waitForFunction('window.__reportReady === true', null, { timeout: 30_000 });
  return { page, problems, requests, loadMs: performance.now() - t0 };
}

/** Requests that did not go to a local file (should be none). */
export function networkRequests(requests: readonly string[]): string[] {
  return requests.filter((u) => !u.startsWith('file://'));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface SeriesInfo {
  readonly name: string;
  readonly type: string;
  readonly points: number;
}

export interface ChartInfo {
  readonly id: string;
  readonly hasInstance: boolean;
  readonly series: SeriesInfo[];
  /** Share of the chart canvas's pixels that are painted (alpha > 0). */
  readonly painted: number;
}

/** Every `.chart` container of the page: its ECharts instance, series and how much of the canvas is painted. */
export function chartInfo(page: Page): Promise<ChartInfo[]> {
  return page.evaluate(`Array.from(document.querySelectorAll('.chart')).map(function (el) {
    var chart = echarts.getInstanceByDom(el);
    var option = chart ? chart.getOption() : { series: [] };
    var canvas = el.querySelector('canvas');
    var painted = 0;
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      var px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      var n = 0;
      for (var i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
      painted = n / (canvas.width * canvas.height);
    }
    return {
      id: el.id, hasInstance: !!chart, painted: painted,
      series: option.series.map(function (s) { return { name: String(s.name), type: s.type, points: Array.isArray(s.data) ? s.data.length : 0 }; })
    };
  })`);
}

/**
 * The `data` of one series of one chart (as ECharts holds it after setOption). Several series of
 * one legend entry (the price chart's "Exit": wins and losses) are read one after the other.
 */
export function seriesData<T = unknown>(page: Page, chartId: string, seriesName: string): Promise<T[]> {
  return page.evaluate(`(function () {
    var chart = echarts.getInstanceByDom(document.getElementById(${JSON.stringify(chartId)}));
    var all = chart.getOption().series.filter(function (x) { return x.name === ${JSON.stringify(seriesName)}; });
    if (!all.length) throw new Error('no series ' + ${JSON.stringify(seriesName)} + ' in ' + ${JSON.stringify(chartId)});
    return [].concat.apply([], all.map(function (s) {
      return s.data.map(function (d) { return d !== null && typeof d === 'object' && !Array.isArray(d) ? d.value : d; });
    }));
  })()`);
}

/** Segments `[t0, t1, y0, y1]` of a trade-level series (a lines series: stop loss, take profit, liquidation level). */
export function levelSegments(page: Page, chartId: string, seriesName: string): Promise<number[][]> {
  return page.evaluate(`(function () {
    var chart = echarts.getInstanceByDom(document.getElementById(${JSON.stringify(chartId)}));
    var s = chart.getOption().series.filter(function (x) { return x.name === ${JSON.stringify(seriesName)}; })[0];
    if (!s || s.type !== 'lines') throw new Error('no lines series ' + ${JSON.stringify(seriesName)} + ' in ' + ${JSON.stringify(chartId)});
    return s.data.map(function (d) { return [d.coords[0][0], d.coords[1][0], d.coords[0][1], d.coords[1][1]]; });
  })()`);
}

/** One option component (e.g. `yAxis`) of a chart. */
export function chartOption<T = unknown>(page: Page, chartId: string, key: string): Promise<T> {
  return page.evaluate(`echarts.getInstanceByDom(document.getElementById(${JSON.stringify(chartId)})).getOption()[${JSON.stringify(key)}]`);
}

/** Messages shown instead of charts, by the id of the chart they replace. */
export function emptyMessages(page: Page): Promise<Record<string, string>> {
  return page.evaluate(`Object.fromEntries(Array.from(document.querySelectorAll('[data-empty-for]')).map(function (el) {
    return [el.getAttribute('data-empty-for'), el.textContent];
  }))`);
}

/** Zooms out fully, shows the tooltip of one data item and returns the tooltip's text. */
export async function tooltipText(page: Page, chartId: string, seriesName: string, dataIndex: number): Promise<string> {
  await page.evaluate(`(function () {
    var el = document.getElementById(${JSON.stringify(chartId)});
    var chart = echarts.getInstanceByDom(el);
    var idx = chart.getOption().series.findIndex(function (s) { return s.name === ${JSON.stringify(seriesName)}; });
    // Show all bars first: charts may open zoomed in, and hidden items have no tooltip.
    chart.dispatchAction({ type: 'dataZoom', start: 0, end: 100 });
    chart.dispatchAction({ type: 'showTip', seriesIndex: idx, dataIndex: ${dataIndex} });
  })()`);
  const handle = await page.waitForFunction(`(function () {
    var el = document.getElementById(${JSON.stringify(chartId)});
    var divs = Array.from(el.querySelectorAll('div')).filter(function (d) { return d.style.position === 'absolute' && d.style.display !== 'none' && d.innerText.trim(); });
    return divs.length ? divs.map(function (d) { return d.innerText; }).join('\\n') : false;
  })()`, null, { timeout: 10_000 });
  return (await handle.jsonValue()) as string;
}
