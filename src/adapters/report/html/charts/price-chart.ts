/**
 * The indicators page's main chart: candles with the strategy's price indicators, trade markers
 * and stop levels (liquidations and liquidation levels on levered runs), raw signals (hidden
 * until switched on in the legend), volume, one panel per 'panel' indicator, the equity, and the
 * funding paid on perpetual-futures runs, all on linked time axes with one zoom that opens on the
 * whole run. Candles use ECharts' large mode; long runs are decimated per page (decimate.ts).
 */
import type { PageColumns } from '../columns.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { DECIMATE_ABOVE } from '../decimate.js';
import { axisTooltip, baseOption, COLORS, legend, line, PALETTE, PROGRESSIVE_BARS, timeAxis, barValueAxis, valueAxis, zoom } from './common.js';
import { FUNDING_SERIES, fundingColumn, fundingPanel } from './funding-panel.js';
import { SERIES, signalSeries, tradeMarkerSeries } from './trade-markers.js';
import { formatCount } from '../../../../base/format-count.js';

const PRICE_TOP = 44;
const PRICE_HEIGHT = 330;
const PANEL_HEIGHT = 90;
const PANEL_GAP = 26;
const BOTTOM = 64;
/** The linked equity panel's height (px). */
const EQUITY_HEIGHT = 120;

/** Indicator names by placement, in the strategy's order (unknown placement: panel). */
export function indicatorsByPlacement(m: ReportModel): { price: string[]; panel: string[] } {
  const names = Object.keys(m.result.indicators);
  const place = (n: string) => m.result.indicatorPlacement[n] ?? 'panel';
  return { price: names.filter((n) => place(n) === 'price'), panel: names.filter((n) => place(n) === 'panel') };
}

export function priceChart(m: ReportModel, cols: PageColumns): ChartBlock {
  const id = 'chart-price';
  const title = 'Price, indicators, trades and equity';
  if (m.n === 0) return empty(id, title, 'No bars in this run.');
  const f = m.result.frame;
  cols.put('time', m.time);
  for (const c of ['close', 'high', 'low', 'volume'] as const) cols.put(c, f[c]);
  cols.put('open', f.open, { nextTo: 'close' }); // a bar usually opens at the previous close
  cols.put('equity', m.equity);
  const funding = fundingColumn(m);
  const { price, panel } = indicatorsByPlacement(m);
  const ind = (name: string) => cols.put(`ind:${name}`, m.result.indicators[name], { smooth: true });
  // Panels under the price, top to bottom: volume, each panel indicator, equity, funding (futures).
  const panels: { name: string; height: number }[] = [
    { name: 'Volume', height: PANEL_HEIGHT }, ...panel.map((name) => ({ name, height: PANEL_HEIGHT })),
    { name: 'Equity', height: EQUITY_HEIGHT }, ...(funding ? [{ name: 'Funding', height: PANEL_HEIGHT }] : []),
  ];
  // Room on the right for the funding payments' axis; every grid keeps the same width so the x axes line up.
  const right = funding ? 64 : 24;
  const grids: Record<string, unknown>[] = [{ left: 72, right, top: PRICE_TOP, height: PRICE_HEIGHT }];
  let top = PRICE_TOP + PRICE_HEIGHT + PANEL_GAP;
  for (const p of panels) {
    grids.push({ left: 72, right, top, height: p.height });
    top += p.height + PANEL_GAP;
  }
  const last = grids.length - 1;
  // Every time axis spans the whole run, so one zoom window means the same times on every panel.
  const span = { min: m.time[0], max: m.time[m.n - 1] };
  const xAxis = grids.map((_, i) => timeAxis(i, i === last ? span : { ...span, axisLabel: { show: false } }));
  const equityGrid = 1 + 1 + panel.length;
  const yAxis = [
    valueAxis(0, 'num'),
    // Volume is drawn as bars from zero; indicator panels and the equity fit their visible data.
    ...panels.filter((p) => p.name !== 'Funding').map((p, i) => (p.name === 'Volume' ? barValueAxis : valueAxis)(i + 1, 'num', { name: p.name, nameTextStyle: { align: 'left' }, splitNumber: 2 })),
  ];
  const units: Record<string, string> = { Volume: 'num', Equity: 'num' };
  const series: Record<string, unknown>[] = [{
    type: 'candlestick', name: m.result.symbol, data: cols.rows('time', 'open', 'close', 'low', 'high'), encode: { x: 0, y: [1, 2, 3, 4] },
    large: true, largeThreshold: 2000, progressive: 5000, progressiveThreshold: PROGRESSIVE_BARS, barMaxWidth: 14,
    itemStyle: { color: '#16a34a', color0: '#dc2626', borderColor: '#15803d', borderColor0: '#b91c1c' },
  }];
  price.forEach((name, i) => series.push(line(name, cols.rows('time', ind(name)), m.n, { color: PALETTE[i % PALETTE.length], lineStyle: { width: 1.2 } })));
  series.push(...tradeMarkerSeries(m));
  const signals = signalSeries(m);
  if (signals) series.push(signals);
  series.push({
    type: 'bar', name: 'Volume', xAxisIndex: 1, yAxisIndex: 1, data: cols.rows('time', 'volume'), color: '#94a3b8',
    large: true, largeThreshold: 2000, progressive: 5000, progressiveThreshold: PROGRESSIVE_BARS, barMaxWidth: 14,
  });
  panel.forEach((name, i) => {
    units[name] = 'num';
    series.push(line(name, cols.rows('time', ind(name)), m.n, { xAxisIndex: i + 2, yAxisIndex: i + 2, color: PALETTE[(price.length + i) % PALETTE.length] }));
  });
  series.push(line('Equity', cols.rows('time', 'equity'), m.n, { xAxisIndex: equityGrid, yAxisIndex: equityGrid, color: COLORS.equity, areaStyle: { opacity: 0.06 } }));
  if (funding) {
    const fp = fundingPanel(m, cols, equityGrid + 1, yAxis.length, funding);
    yAxis.push(...fp.yAxis);
    series.push(...fp.series);
    units[FUNDING_SERIES.cumulative] = 'num';
    units[FUNDING_SERIES.payment] = 'num';
  }
  const option = baseOption({
    legend: legend({ selected: { [SERIES.signals]: false } }),
    tooltip: axisTooltip('price', units),
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: grids, xAxis, yAxis,
    // Opens on the whole run; one zoom moves every panel.
    dataZoom: zoom(grids.map((_, i) => i)),
    series,
  });
  return chart(id, title, option, top - PANEL_GAP + BOTTOM, priceNote(m));
}

/** The line under the chart's title: what is drawn, in this run. */
function priceNote(m: ReportModel): string {
  const decimated = m.n > DECIMATE_ABOVE ? ' (drawn from the bars holding each stretch\'s lows and highs; the CSV files keep every bar)' : '';
  const liquidations = m.trades.some((t) => t.reason === 'liquidation') ? ', black pin liquidation' : '';
  const levels = m.trades.some((t) => Number.isFinite(t.liq)) ? ', dotted black lines its liquidation price' : '';
  return `${formatCount(m.n)} candles, the whole run${decimated}; zoom on any panel and all follow. ▲ long entry, ▼ short entry, ◆ exit (green win, red loss)${liquidations}, ● position open at the end; dashed lines are each trade's stop-loss and take-profit from entry to exit${levels}. Turn on "Signals" in the legend to see every raw signal, filled or not. Hover a marker for the trade.`;
}
