/**
 * The static picture of a run: equity (with buy-and-hold) over the drawdown curve, as a small
 * hand-written SVG document for terminals, READMEs and e-mails. No charting library: loading
 * ECharts for one picture cost about half a second per run. Long series are decimated per pixel
 * column (first, low, high, last), so spikes and the envelope are kept.
 */
import { join } from 'node:path';
import { writeOutput } from '../../output/write-text.js';
import type { BacktestResult } from '../../../orchestration/result.js';
import { COLORS } from '../html/charts/common.js';
import { escapeHtml } from '../html/escape.js';
import { buildModel, type ReportModel } from '../html/model.js';
import { niceTicks, timeTicks } from './svg-axis.js';
import { areaData, decimate, fmtPx as f, pathData, pixelColumns, px, py, type Plot } from './svg-path.js';
import { formatRoundedCount } from '../../../base/format-count.js';

export interface SvgSize {
  readonly width?: number;
  readonly height?: number;
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const TEXT = '#54555a';
const GRID = '#eef0f3';

const pct = (v: number) => `${(v * 100).toFixed(Math.abs(v) >= 0.1 || v === 0 ? 0 : Math.abs(v) >= 0.01 ? 1 : 2)}%`;
const num = (v: number) => (Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : (Math.abs(v) >= 100 ? formatRoundedCount(v) : v.toLocaleString('en-US', { maximumFractionDigits: 2 })));

function range(xs: readonly (ArrayLike<number> | null)[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const x of xs) {
    if (!x) continue;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** Horizontal grid lines and value labels of one panel. */
function yAxis(p: Plot, ticks: readonly number[], label: (v: number) => string, name: string): string[] {
  const out = [`<text x="${p.x0}" y="${f(p.y0 - 12)}" fill="${TEXT}" font-size="12" ${FONT}>${name}</text>`];
  for (const t of ticks) {
    const y = f(py(p, t));
    out.push(`<path d="M${p.x0} ${y}L${p.x1} ${y}" stroke="${GRID}" fill="none"/>`);
    out.push(`<text x="${p.x0 - 8}" y="${y}" text-anchor="end" dominant-baseline="central" fill="${TEXT}" font-size="12" ${FONT}>${escapeHtml(label(t))}</text>`);
  }
  return out;
}

function legend(items: readonly { name: string; color: string; dash?: boolean }[], width: number, y: number): string[] {
  const w = 110;
  let x = (width - items.length * w) / 2;
  const out: string[] = [];
  for (const it of items) {
    out.push(`<path d="M${f(x)} ${y}L${f(x + 24)} ${y}" stroke="${it.color}" stroke-width="2" fill="none"${it.dash ? ' stroke-dasharray="5 3"' : ''}/>`);
    out.push(`<text x="${f(x + 30)}" y="${y}" dominant-baseline="central" fill="${TEXT}" font-size="12" ${FONT}>${escapeHtml(it.name)}</text>`);
    x += w;
  }
  return out;
}

/** The SVG document (a string starting with `<svg`). */
export function renderEquitySvg(result: BacktestResult, size: SvgSize = {}, model?: ReportModel): string {
  const m = model ?? buildModel(result);
  const width = size.width ?? 1000;
  const height = size.height ?? 560;
  const synthetic = result.frame.origin.synthetic ? ' · SYNTHETIC DATA (sample market)' : '';
  const title = `${result.symbol} ${result.frame.timeframe} · ${result.strategy.name} · equity and drawdown${synthetic}`;
  const bench = m.benchReturn ? result.benchmarkEquity : null;
  const t0 = m.n > 0 ? m.time[0] : 0;
  const t1 = m.n > 0 ? m.time[m.n - 1] : 1;
  const [eLo, eHi] = range([m.equity, bench]);
  const eTicks = niceTicks(eLo, eHi, 5);
  const [dLo] = range([m.underwater]);
  const dTicks = niceTicks(Math.min(dLo, -0.01), 0, 3).filter((t) => t <= 0);
  const x0 = 70, x1 = width - 24;
  const top: Plot = { x0, x1, y0: 78, y1: Math.round(78 + height * 0.48), t0, t1, lo: eTicks[0], hi: eTicks[eTicks.length - 1] };
  const bottom: Plot = { x0, x1, y0: Math.round(height * 0.7), y1: height - 28, t0, t1, lo: dTicks[0], hi: 0 };
  const body: string[] = [
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="12" y="22" fill="#333333" font-size="14" font-weight="bold" ${FONT}>${escapeHtml(title)}</text>`,
    ...legend([{ name: 'Equity', color: COLORS.equity }, ...(bench ? [{ name: 'Buy & hold', color: COLORS.benchmark, dash: true }] : []),
      { name: 'Drawdown', color: COLORS.drawdown }], width, 44),
    ...yAxis(top, eTicks, num, 'Equity'),
    ...yAxis(bottom, dTicks, pct, 'Drawdown'),
  ];
  for (const tick of timeTicks(t0, t1, 7)) {
    const x = f(px(bottom, tick.time));
    body.push(`<path d="M${x} ${bottom.y1}L${x} ${bottom.y1 + 5}" stroke="${TEXT}" fill="none"/>`);
    body.push(`<text x="${x}" y="${bottom.y1 + 16}" text-anchor="middle" fill="${TEXT}" font-size="12" ${FONT}>${escapeHtml(tick.label)}</text>`);
  }
  for (const p of [top, bottom]) body.push(`<path d="M${p.x0} ${p.y1}L${p.x1} ${p.y1}" stroke="${TEXT}" fill="none"/>`);
  const columns = pixelColumns(top, m.time); // the bottom panel has the same time axis
  if (bench) body.push(`<path d="${pathData(decimate(top, m.time, bench, columns))}" stroke="${COLORS.benchmark}" stroke-width="1" stroke-dasharray="5 3" fill="none"/>`);
  body.push(`<path d="${pathData(decimate(top, m.time, m.equity, columns))}" stroke="${COLORS.equity}" stroke-width="2" fill="none" stroke-linejoin="round"/>`);
  const under = decimate(bottom, m.time, m.underwater, columns);
  body.push(`<path d="${areaData(under, py(bottom, 0))}" fill="rgba(220,38,38,0.25)" stroke="none"/>`);
  body.push(`<path d="${pathData(under)}" stroke="${COLORS.drawdown}" stroke-width="1" fill="none"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${body.join('\n')}\n</svg>\n`;
}

/** Writes `equity.svg` into `dir`; returns the file name. */
export async function writeEquitySvg(result: BacktestResult, dir: string, model?: ReportModel): Promise<string> {
  const file = 'equity.svg';
  await writeOutput(join(dir, file), renderEquitySvg(result, {}, model));
  return file;
}
