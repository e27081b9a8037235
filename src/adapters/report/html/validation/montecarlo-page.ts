/** montecarlo.html: the percentile table and a fan chart per method. */
import { fanPercentiles, type MonteCarloResult } from '../../../../domain/validate/monte-carlo.js';
import type { PathStats } from '../../../../domain/validate/path-stats.js';
import type { McTableRow } from '../../csv/montecarlo-csv.js';
import { chart, empty, type ChartBlock } from '../charts/chart-spec.js';
import { baseOption, COLORS, valueAxis } from '../charts/common.js';
import { PageColumns } from '../columns.js';
import { fmtNumber, fmtPercent } from '../format.js';
import { tableHtml, writeValidationPage } from './validation-page.js';

function fanChart(cols: PageColumns, key: string, s: PathStats, title: string, xName: string, note: string): ChartBlock {
  const id = `chart-mc-${key}`;
  if (s.fanSteps.length < 2) return empty(id, title, 'Nothing to resample (no trades or no bars).');
  const fan = fanPercentiles(s);
  cols.put(`${key}_step`, s.fanSteps);
  cols.put(`${key}_p5`, fan.map((v) => v[0]));
  cols.put(`${key}_band`, fan.map((v) => v[2] - v[0]));
  cols.put(`${key}_p50`, fan.map((v) => v[1]));
  cols.put(`${key}_p95`, fan.map((v) => v[2]));
  return chart(id, title, baseOption({
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 56, right: 24, top: 32, bottom: 40 },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 26 }, yAxis: valueAxis(0, 'num', { name: 'equity (start = 1)' }),
    series: [
      { type: 'line', name: '5%', data: cols.rows(`${key}_step`, `${key}_p5`), stack: key, showSymbol: false, lineStyle: { opacity: 0 } },
      { type: 'line', name: '5–95% band', data: cols.rows(`${key}_step`, `${key}_band`), stack: key, showSymbol: false, lineStyle: { opacity: 0 }, areaStyle: { color: COLORS.benchmark, opacity: 0.25 } },
      { type: 'line', name: 'median', data: cols.rows(`${key}_step`, `${key}_p50`), showSymbol: false, color: COLORS.win },
      { type: 'line', name: '95%', data: cols.rows(`${key}_step`, `${key}_p95`), showSymbol: false, color: COLORS.benchmark, lineStyle: { type: 'dashed', width: 1 } },
    ],
  }), 360, `${note} CSV: montecarlo_fan.csv.`);
}

/** Writes montecarlo.html into `dir`. */
export async function writeMonteCarloPage(dir: string, r: MonteCarloResult, table: McTableRow[], info: { title: string; synthetic: boolean; paths: number; seed: number }): Promise<void> {
  const cols = new PageColumns();
  const fmt = (row: McTableRow, v: number) => (row.statistic === 'sharpe_ratio' ? fmtNumber(v, 2) : fmtPercent(v, 2));
  const html = tableHtml(['Method', 'Statistic', '5%', '50%', '95%'], table.map((row) => [row.method === 'reshuffle' ? 'trade reshuffling' : 'block bootstrap', row.statistic, ...row.values.map((v) => fmt(row, v))]));
  await writeValidationPage(dir, {
    file: 'montecarlo.html', title: 'Monte Carlo', subtitle: info.title, indexHref: '../index.html',
    origin: info.synthetic ? { kind: 'sample', synthetic: true, exchange: 'sample', market: 'spot', description: 'the run this Monte Carlo resampled' } : null,
    columns: cols,
    sections: [
      { title: 'Percentiles', intro: `${fmtNumber(info.paths, 0)} paths per method, seed ${info.seed}. Trade reshuffling replays the run's trades in random orders (same final return, different drawdowns; Sharpe per trade); the stationary block bootstrap (mean block ${r.blockLength} bars) resamples blocks of bar returns. CSV: montecarlo_summary.csv, every path in montecarlo_paths.csv.`, blocks: [{ kind: 'html', html, wide: true }] },
      { blocks: [
        fanChart(cols, 'boot', r.bootstrap, 'Block bootstrap: equity fan', 'bar', 'Median and 5–95 % band of the equity across bootstrap paths.'),
        fanChart(cols, 'shuf', r.reshuffle, 'Trade reshuffling: equity fan', 'trade', 'Median and 5–95 % band of the equity after each trade across reshuffled orders.'),
      ], columns: 2 },
    ],
  });
}
