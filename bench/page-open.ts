/**
 * How long report pages take to open in headless Chromium (issue 15 item 5: < 1 s): each page is
 * opened `runs` times in a fresh tab and timed from navigation start to the page's ready signal
 * (`window.__reportReady`, every chart finished drawing), split by the page's own timing
 * (client-runtime.ts `__reportTiming`): decoding the data, building the chart options, ECharts'
 * setOption, and the rest until every chart has drawn (progressive frames). Medians.
 * `npx tsx bench/page-open.ts DIR [page.html …] [--runs N]`; cli.bench.ts `pages` uses it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

export interface OpenTime {
  readonly page: string;
  /** Navigation start to ready (ms). */
  readonly ready: number;
  /** The runtime's start (ECharts and the page parsed) to its data decoded (ms). */
  readonly decode: number;
  readonly options: number;
  readonly setOption: number;
  /** setOption's end to ready: the progressive frames (ms). */
  readonly draw: number;
}

interface Timing { start: number; decoded: number; revive: number; setOption: number; ready: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const hasBrowser = existsSync(CHROMIUM);

async function openOnce(browser: Browser, file: string): Promise<Timing> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForFunction('window.__reportReady === true', null, { timeout: 60_000 });
    return (await page.evaluate('window.__reportTiming')) as Timing;
  } finally {
    await page.close();
  }
}

/** Median open times of `pages` of `dir` (after one warm-up open of each, so the browser's caches are as on a second look). */
export async function pageOpenTimes(dir: string, pages: readonly string[], runs = 5): Promise<OpenTime[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const out: OpenTime[] = [];
    for (const p of pages) {
      const file = path.join(dir, p);
      await openOnce(browser, file);
      const t: Timing[] = [];
      for (let i = 0; i < runs; i++) t.push(await openOnce(browser, file));
      const ready = median(t.map((x) => x.ready));
      const decode = median(t.map((x) => x.decoded - x.start));
      const options = median(t.map((x) => x.revive));
      const setOption = median(t.map((x) => x.setOption));
      const draw = median(t.map((x) => x.ready - x.start - (x.decoded - x.start) - x.revive - x.setOption));
      out.push({ page: p, ready, decode, options, setOption, draw });
    }
    return out;
  } finally {
    await browser.close();
  }
}

export function formatOpenTime(t: OpenTime): string {
  const ms = (x: number) => `${Math.round(x)} ms`;
  return `${t.page.padEnd(20)} ready ${ms(t.ready)}${t.ready < 1000 ? '' : ' (target < 1 s)'}  (decode ${ms(t.decode)}, options ${ms(t.options)}, setOption ${ms(t.setOption)}, drawing ${ms(t.draw)})`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const r = args.indexOf('--runs');
  const runs = r >= 0 ? Number(args.splice(r, 2)[1]) : 5;
  const [dir, ...pages] = args;
  const list = pages.length ? pages : ['indicators.html', 'trades.html'];
  for (const t of await pageOpenTimes(dir, list, runs)) console.log(formatOpenTime(t));
}
