/** Win/loss streak lengths over the closed trades, in exit order (trades page). */
import { streaks } from '../analysis/streaks.js';
import type { ReportModel } from '../model.js';
import { chart, empty, type ChartBlock } from './chart-spec.js';
import { baseOption, COLORS, legend, barValueAxis } from './common.js';
import { noClosedTradesMessage } from './trade-distribution.js';

export function streakChart(m: ReportModel): ChartBlock {
  const id = 'chart-streaks';
  const title = 'Win/loss streaks';
  const msg = noClosedTradesMessage(m);
  if (msg) return empty(id, title, msg);
  const ordered = [...m.closed].sort((a, b) => a.exitTime - b.exitTime || a.index - b.index);
  const s = streaks(ordered.map((t) => t.pnl));
  const labels = s.wins.map((_, i) => String(i + 1));
  const option = baseOption({
    legend: legend(),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 48, right: 24, top: 40, bottom: 48 },
    xAxis: { type: 'category', data: labels, name: 'Streak length (trades)', nameLocation: 'middle', nameGap: 28 },
    yAxis: barValueAxis(0, 'num', { name: 'Streaks', minInterval: 1 }),
    series: [
      { type: 'bar', name: 'Winning streaks', data: s.wins, color: COLORS.win },
      { type: 'bar', name: 'Losing streaks', data: s.losses, color: COLORS.loss },
    ],
  });
  return chart(id, title, option, 320,
    `How many runs of consecutive wins (pnl > 0) and losses there were, by length. Longest: ${s.longestWin} wins, ${s.longestLoss} losses.`);
}
