/**
 * The funding panel of the indicators page's linked chart (perpetual-futures runs with funding,
 * docs/futures.md): the cumulative funding paid (equity.csv's `funding` column) as a line, and
 * each payment (the change of that column at a funding bar) as a bar on its own zero-based axis.
 * Positive = paid, negative = received. Spot runs and swap runs without funding data get none.
 */
import type { PageColumns } from '../columns.js';
import type { ReportModel } from '../model.js';
import { barValueAxis, COLORS, line, valueAxis } from './common.js';

export const FUNDING_SERIES = { cumulative: 'Funding paid (cumulative)', payment: 'Funding payment' } as const;

/** Times and amounts of the bars where the cumulative funding changed (one per payment bar). */
export function fundingPayments(time: ArrayLike<number>, cumulative: ArrayLike<number>, n: number): { time: Float64Array; amount: Float64Array } {
  const t: number[] = [];
  const a: number[] = [];
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const c = cumulative[i];
    if (c !== prev && c === c) { t.push(time[i]); a.push(c - prev); prev = c; }
  }
  return { time: Float64Array.from(t), amount: Float64Array.from(a) };
}

/** The run's cumulative funding per bar, or null when the panel is not drawn. */
export function fundingColumn(m: ReportModel): Float64Array | null {
  const f = m.result.sim.futures;
  return f !== undefined && f.fundingData ? f.funding.subarray(0, m.n) : null;
}

/** Y axes (left: cumulative, right: payments from zero) and series of the panel on grid `grid`. */
export function fundingPanel(m: ReportModel, cols: PageColumns, grid: number, firstAxis: number, funding: Float64Array): { yAxis: Record<string, unknown>[]; series: Record<string, unknown>[] } {
  cols.put('time', m.time);
  // A step curve whose every step is a payment bar: it does not pick the bars a decimated page keeps.
  cols.put('funding', funding, { smooth: true });
  const pay = fundingPayments(m.time, funding, m.n);
  cols.put('fundingTime', pay.time);
  cols.put('fundingPayment', pay.amount);
  const yAxis = [
    valueAxis(grid, 'num', { name: 'Funding paid', nameTextStyle: { align: 'left' }, splitNumber: 2 }),
    barValueAxis(grid, 'num', { position: 'right', splitNumber: 2, splitLine: { show: false } }),
  ];
  const series = [
    { type: 'bar', name: FUNDING_SERIES.payment, xAxisIndex: grid, yAxisIndex: firstAxis + 1, data: cols.rows('fundingTime', 'fundingPayment'), color: '#fcd34d', barMaxWidth: 6, large: pay.time.length > 2000 },
    line(FUNDING_SERIES.cumulative, cols.rows('time', 'funding'), m.n, { xAxisIndex: grid, yAxisIndex: firstAxis, color: COLORS.funding }),
  ];
  return { yAxis, series };
}
