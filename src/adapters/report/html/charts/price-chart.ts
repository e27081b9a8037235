/**
 * The indicators page's main chart: candles with the strategy's price indicators, trade markers
 * and stop levels, raw signals (hidden until switched on in the legend), volume, and one panel per
 * 'panel' indicator, all on linked time axes with one zoom. Candles use ECharts' large mode.
 */
import type { PageColumns } from '../columns.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { axisTooltip, baseOption, COLORS, legend, line, PALETTE, timeAxis, barValueAxis, valueAxis, zoom } from './common.js';
import { SERIES, signalSeries, tradeMarkerSeries } from './trade-markers.js';

const PRICE_TOP = 44;
const PRICE_HEIGHT = 330;
const PANEL_HEIGHT = 90;
const PANEL_GAP = 26;
const BOTTOM = 64;

/** Indicator names by placement, in the strategy's order (unknown placement: panel). */
export function indicatorsByPlacement(m: ReportModel): { price: string[]; panel: string[] } {
  const names = Object.keys(m.result.indicators);
  const place = (n: string) => m.result.indicatorPlacement[n] ?? 'panel';
  return { price: names.filter((n) => place(n) === 'price'), panel: names.filter((n) => place(n) === 'panel') };
}

/** Candles shown when the page opens; longer runs open on their last part (the slider shows it all). */
export const INITIAL_CANDLES = 3_000;

/** The zoom window (in % of the bars) the chart opens on. */
function initialWindow(n: number): { start: number; end: number } {
  return { start: n > INITIAL_CANDLES ? 100 * (1 - INITIAL_CANDLES / n) : 0, end: 100 };
}

export function priceChart(m: ReportModel, cols: PageColumns): ChartBlock {
  const id = 'chart-price';
  const title = 'Price, indicators and trades';
  if (m.n === 0) return empty(id, title, 'No bars in this run.');
  const f = m.result.frame;
  cols.put('time', m.time);
  for (const c of ['open', 'high', 'low', 'close', 'volume'] as const) cols.put(c, f[c]);
  const { price, panel } = indicatorsByPlacement(m);
  const ind = (name: string) => cols.put(`ind:${name}`, m.result.indicators[name], { smooth: true });
  const panels = ['Volume', ...panel];
  const grids: Record<string, unknown>[] = [{ left: 72, right: 24, top: PRICE_TOP, height: PRICE_HEIGHT }];
  panels.forEach((_, i) => grids.push({ left: 72, right: 24, top: PRICE_TOP + PRICE_HEIGHT + PANEL_GAP + i * (PANEL_HEIGHT + PANEL_GAP), height: PANEL_HEIGHT }));
  const last = grids.length - 1;
  const xAxis = grids.map((_, i) => timeAxis(i, i === last ? {} : { axisLabel: { show: false } }));
  const yAxis = [
    valueAxis(0, 'num'),
    // Volume is drawn as bars from zero; indicator panels fit their data.
    ...panels.map((name, i) => (name === 'Volume' ? barValueAxis : valueAxis)(i + 1, 'num', { name, nameTextStyle: { align: 'left' }, splitNumber: 2 })),
  ];
  const units: Record<string, string> = { Volume: 'num' };
  const series: Record<string, unknown>[] = [{
    type: 'candlestick', name: m.result.symbol, data: cols.rows('time', 'open', 'close', 'low', 'high'), encode: { x: 0, y: [1, 2, 3, 4] },
    large: true, largeThreshold: 2000, progressive: 5000, progressiveThreshold: 10_000, barMaxWidth: 14,
    itemStyle: { color: '#16a34a', color0: '#dc2626', borderColor: '#15803d', borderColor0: '#b91c1c' },
  }];
  price.forEach((name, i) => series.push(line(name, cols.rows('time', ind(name)), m.n, { color: PALETTE[i % PALETTE.length], lineStyle: { width: 1.2 } })));
  series.push(...tradeMarkerSeries(m));
  const signals = signalSeries(m);
  if (signals) series.push(signals);
  series.push({
    type: 'bar', name: 'Volume', xAxisIndex: 1, yAxisIndex: 1, data: cols.rows('time', 'volume'), color: '#94a3b8',
    large: true, largeThreshold: 2000, progressive: 5000, barMaxWidth: 14,
  });
  panel.forEach((name, i) => {
    units[name] = 'num';
    series.push(line(name, cols.rows('time', ind(name)), m.n, { xAxisIndex: i + 2, yAxisIndex: i + 2, color: PALETTE[(price.length + i) % PALETTE.length] }));
  });
  const option = baseOption({
    legend: legend({ selected: { [SERIES.signals]: false } }),
    tooltip: axisTooltip('price', units),
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: grids, xAxis, yAxis,
    dataZoom: zoom(grids.map((_, i) => i), initialWindow(m.n)),
    series,
  });
  const height = PRICE_TOP + PRICE_HEIGHT + panels.length * (PANEL_HEIGHT + PANEL_GAP) + BOTTOM;
  return chart(id, title, option, height,
    `${m.n.toLocaleString('en-US')} candles. ▲ long entry, ▼ short entry, ◆ exit (green win, red loss), ● position open at the end; dashed lines are each trade's stop-loss and take-profit from entry to exit. Turn on "Signals" in the legend to see every raw signal, filled or not. Hover a marker for the trade.`);
}
