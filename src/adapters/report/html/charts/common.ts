/**
 * Shared ECharts option pieces: colours, time axes with inside + slider zoom, large-data line
 * settings, percent axes. Every chart is drawn without animation, in UTC.
 */
import { fn } from '../columns.js';

export const COLORS = {
  equity: '#2563eb',
  benchmark: '#9ca3af',
  drawdown: '#dc2626',
  win: '#16a34a',
  loss: '#dc2626',
  neutral: '#6b7280',
  long: '#16a34a',
  short: '#dc2626',
  exit: '#7c3aed',
  open: '#f59e0b',
  accent: '#0891b2',
  liquidation: '#111827',
  funding: '#b45309',
} as const;

/** A qualitative palette for indicators and per-year lines. */
export const PALETTE = ['#f59e0b', '#8b5cf6', '#0ea5e9', '#ec4899', '#14b8a6', '#84cc16', '#f97316', '#6366f1', '#64748b', '#e11d48'];

/**
 * Lines with at least this many points are LTTB-sampled down to the pixel width (when zoomed
 * in, the zoom filters the data first, so the visible part is drawn in full). Below it every
 * point is drawn and the axis tooltip lists every series at the hovered bar.
 */
export const LARGE_SERIES = 10_000;

/**
 * Scatter series of more than this many points are drawn in ECharts' large mode: every point of
 * the series as one path (one colour, no hover highlight; the tooltip still works). Thousands of
 * single symbols took most of a page's opening time on a year of 1m (6,000+ trades).
 */
export const LARGE_POINTS = 500;

/** `large` settings of a scatter series of `count` points. */
export function largeScatter(count: number): { large: boolean; largeThreshold: number } {
  return { large: count > LARGE_POINTS, largeThreshold: LARGE_POINTS };
}

/**
 * Candles and volume bars are drawn in one pass up to this many bars (a page holds at most about
 * 10,000 after decimation): progressive drawing in slices of 5,000 spread them over animation
 * frames and delayed the page's first complete picture.
 */
export const PROGRESSIVE_BARS = 50_000;

/** Save-as-image and reset-zoom buttons, on charts that zoom. */
export const TOOLBOX = { right: 16, feature: { saveAsImage: { title: 'Save as PNG' }, restore: { title: 'Reset zoom' } } };

/** The top-level settings of every option (a toolbox when the option has a dataZoom). */
export function baseOption(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    animation: false,
    useUTC: true,
    // No quotes in the font list: the SVG renderer writes it into a double-quoted attribute.
    textStyle: { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
    ...(extra.dataZoom ? { toolbox: TOOLBOX } : {}),
    ...extra,
  };
}

export function timeAxis(gridIndex = 0, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'time', gridIndex, axisLabel: { hideOverlap: true }, splitLine: { show: false }, ...extra };
}

export function valueAxis(gridIndex = 0, unit: 'pct' | 'num' = 'num', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'value', gridIndex, scale: true,
    axisLabel: { formatter: fn(unit === 'pct' ? 'pct' : 'num') },
    splitLine: { lineStyle: { color: '#eef0f3' } },
    ...extra,
  };
}

/** A value axis for bar series: bars are lengths, so the axis always includes zero (no `scale`). */
export function barValueAxis(gridIndex = 0, unit: 'pct' | 'num' = 'num', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return valueAxis(gridIndex, unit, { ...extra, scale: false });
}

/**
 * Inside (wheel/drag) and slider zoom over the given x axes. The default `filter` mode drops the
 * bars outside the window, so y axes rescale to what is visible and sampling only thins what is
 * on screen.
 */
export function zoom(xAxisIndex: number[], window: { start: number; end: number } = { start: 0, end: 100 }): Record<string, unknown>[] {
  return [
    { type: 'inside', xAxisIndex, ...window },
    { type: 'slider', xAxisIndex, height: 22, bottom: 8, ...window },
  ];
}

/** A line over `n` points: LTTB-sampled, symbol-less and silent to hover when large. */
export function line(name: string, data: unknown, n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'line', name, data, showSymbol: false, symbol: 'none',
    lineStyle: { width: 1.5 },
    ...(n >= LARGE_SERIES ? { sampling: 'lttb' } : {}),
    ...extra,
  };
}

/** Axis-trigger tooltip whose rows format each series by its unit (default `unit`). */
export function axisTooltip(unit: 'pct' | 'num' | 'price' | 'count', units: Record<string, string> = {}): Record<string, unknown> {
  return { trigger: 'axis', axisPointer: { type: 'cross', snap: true }, formatter: fn('axis', { unit, units }) };
}

/** Item tooltip describing the trade whose index is the item's third value. */
export function tradeTooltip(): Record<string, unknown> {
  return { trigger: 'item', formatter: fn('trade') };
}

export function legend(extra: Record<string, unknown> = {}): Record<string, unknown> {
  // 80% wide so a long legend never runs under the toolbox at the top right.
  return { top: 4, left: 'center', width: '80%', type: 'scroll', ...extra };
}
