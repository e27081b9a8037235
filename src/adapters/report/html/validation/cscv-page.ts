/** cscv.html: PBO and its evidence (logit histogram, out- vs in-sample Sharpe of the selected combination). */
import type { DataOrigin } from '../../../../domain/frame/frame.js';
import { gridValues, type ParamSpace } from '../../../../domain/params/param-space.js';
import type { CscvRun } from '../../../../orchestration/validate/cscv-run.js';
import { chart } from '../charts/chart-spec.js';
import { baseOption, COLORS, valueAxis } from '../charts/common.js';
import { PageColumns } from '../columns.js';
import { fmtNumber, fmtPercent } from '../format.js';
import { logitHistogram, LOGIT_BIN } from '../../csv/cscv-csv.js';
import { factsHtml, writeValidationPage } from './validation-page.js';

export interface CscvPageInfo {
  readonly symbol: string;
  readonly timeframe: string;
  readonly strategy: string;
  readonly origin: DataOrigin;
  readonly annual: number;
}

/** Writes cscv.html into `dir`. */
export async function writeCscvPage(dir: string, run: CscvRun, space: ParamSpace<any>, info: CscvPageInfo): Promise<void> {
  const cols = new PageColumns();
  const sp = run.splits;
  const s = run.summary;
  const h = logitHistogram(sp.logit);
  cols.put('bin_mid', h.lo.map((x) => x + LOGIT_BIN / 2));
  cols.put('bin_count', h.count);
  const hist = chart('chart-cscv-logits', 'Logit of the out-of-sample rank of the in-sample best', baseOption({
    tooltip: { trigger: 'axis' }, grid: { left: 56, right: 24, top: 24, bottom: 40 },
    xAxis: { type: 'value', name: 'logit λ', nameLocation: 'middle', nameGap: 26 }, yAxis: valueAxis(0, 'num', { name: 'splits' }),
    series: [{ type: 'bar', name: 'Splits', data: cols.rows('bin_mid', 'bin_count'), barWidth: '90%', color: COLORS.benchmark,
      markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0 }], lineStyle: { color: COLORS.loss } } }],
  }), 320, `Bins of ${LOGIT_BIN}; λ ≤ 0 (left of the red line) means the in-sample best ranked in the bottom half out of sample. CSV: cscv_logit_histogram.csv.`);
  const keep = Math.min(sp.mask.length, 5000);
  const step = sp.mask.length / keep;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < keep; i++) {
    const k = Math.floor(i * step);
    if (sp.logit[k] !== sp.logit[k]) continue;
    xs.push(sp.isSharpe[k] * info.annual);
    ys.push(sp.oosSharpe[k] * info.annual);
  }
  cols.put('is', xs);
  cols.put('oos', ys);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const fit = Number.isFinite(s.slope) ? [[minX, s.intercept * info.annual + s.slope * minX], [maxX, s.intercept * info.annual + s.slope * maxX]] : [];
  const scatter = chart('chart-cscv-degradation', 'Performance degradation: out- vs in-sample Sharpe ratio', baseOption({
    tooltip: { trigger: 'item' }, legend: { top: 0 }, grid: { left: 56, right: 24, top: 32, bottom: 40 },
    xAxis: { type: 'value', scale: true, name: 'in-sample Sharpe (annualized)', nameLocation: 'middle', nameGap: 26 },
    yAxis: valueAxis(0, 'num', { name: 'out-of-sample Sharpe' }),
    series: [
      { type: 'scatter', name: 'Split', data: cols.rows('is', 'oos'), symbolSize: 4, color: COLORS.benchmark, large: xs.length > 2000 },
      { type: 'line', name: `OLS fit (slope ${fmtNumber(s.slope, 3)})`, data: fit, showSymbol: false, color: COLORS.loss },
    ],
  }), 380, `One point per split${keep < sp.mask.length ? ` (${keep} of ${sp.mask.length} drawn, evenly spaced)` : ''}: the in-sample best's Sharpe ratio in and out of sample. CSV: cscv_splits.csv.`);
  const counts = new Map<number, number>();
  for (const b of sp.best) if (b >= 0) counts.set(b, (counts.get(b) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5)
    .map(([n, c]) => [`selected ${fmtPercent(c / sp.mask.length, 1)} of splits`, gridValues(space, run.opt.order[n]).map((v, i) => `${space.keys[i]}=${String(v)}`).join(', ')] as const);
  const facts = factsHtml([
    ['Probability of backtest overfitting (PBO)', `${fmtPercent(s.pbo, 1)} of ${fmtNumber(s.splits, 0)} splits`],
    ['Probability of out-of-sample loss', fmtPercent(s.probLoss, 1)],
    ['Degradation (OOS on IS Sharpe slope)', fmtNumber(s.slope, 3)],
    ['Mean Sharpe of the IS best, in → out of sample', `${fmtNumber(s.meanIs * info.annual, 2)} → ${fmtNumber(s.meanOos * info.annual, 2)}`],
    ['Combinations × blocks', `${fmtNumber(run.opt.order.length, 0)} × ${run.bars.length}`],
    ...top,
  ]);
  await writeValidationPage(dir, {
    file: 'cscv.html', title: 'CSCV: probability of backtest overfitting', subtitle: `${info.symbol} · ${info.timeframe} · ${info.strategy}`,
    origin: info.origin, columns: cols,
    sections: [
      { title: 'Summary', intro: 'Combinatorially symmetric cross-validation (Bailey, Borwein, López de Prado & Zhu, 2015): for every way to pick half of the blocks as in-sample, the combination with the best in-sample Sharpe ratio is ranked among all combinations on the other half. A high PBO means the optimizer\'s winner is usually mediocre or worse out of sample.', blocks: [{ kind: 'html', html: facts }] },
      { blocks: [hist, scatter], columns: 2 },
    ],
  });
}
