/** Entry/exit timing: trades entered and exited per UTC hour of day or weekday, with the mean return by entry slot. */
import { timeframeMs } from '../../../../domain/frame/timeframe.js';
import { hourOf, timingProfile, WEEKDAYS, weekdayOf } from '../analysis/timing.js';
import { fn } from '../columns.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { baseOption, COLORS, legend, barValueAxis, valueAxis } from './common.js';
import { noClosedTradesMessage } from './trade-distribution.js';

export function timingChart(m: ReportModel, by: 'hour' | 'weekday'): ChartBlock {
  const id = `chart-timing-${by}`;
  const title = by === 'hour' ? 'Entry/exit timing by hour of day (UTC)' : 'Entry/exit timing by weekday (UTC)';
  const msg = noClosedTradesMessage(m);
  if (msg) return empty(id, title, msg);
  if (by === 'hour' && timeframeMs(m.result.frame.timeframe) >= 86_400_000) {
    return empty(id, title, `Hour-of-day timing needs intraday bars; this run uses ${m.result.frame.timeframe} bars, which all open at 00:00 UTC.`);
  }
  const size = by === 'hour' ? 24 : 7;
  const p = timingProfile(m.closed, size, by === 'hour' ? hourOf : weekdayOf);
  const labels = by === 'hour' ? Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}h`) : [...WEEKDAYS];
  const option = baseOption({
    legend: legend(),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: fn('axis', { unit: 'count', units: { 'Mean return of entries': 'pct' } }) },
    grid: { left: 48, right: 64, top: 40, bottom: 36 },
    xAxis: { type: 'category', data: labels },
    yAxis: [
      barValueAxis(0, 'num', { name: 'Trades', minInterval: 1 }),
      valueAxis(0, 'pct', { name: 'Mean return', splitLine: { show: false } }),
    ],
    series: [
      { type: 'bar', name: 'Entries', data: p.entries, color: COLORS.equity },
      { type: 'bar', name: 'Exits', data: p.exits, color: COLORS.exit },
      { type: 'line', name: 'Mean return of entries', yAxisIndex: 1, data: p.meanReturn.map((x) => (Number.isFinite(x) ? x : null)), color: COLORS.open, connectNulls: false, symbolSize: 6 },
    ],
  });
  return chart(id, title, option, 320, 'Closed trades by the slot their entry and exit fell in; the line is the mean return of the trades entered in each slot.');
}
