/** CSCV's files: cscv_blocks.csv (enough to recompute every split), cscv_splits.csv, cscv_combinations.csv, the logit histogram and pbo.json. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OhlcvFrame } from '../../../domain/frame/frame.js';
import { METRIC_COUNT, METRIC_INDEX } from '../../../domain/metrics/catalog.js';
import { gridValues, type ParamSpace } from '../../../domain/params/param-space.js';
import type { CscvRun } from '../../../orchestration/validate/cscv-run.js';
import { csvLine, isoCell, numberCell, textCell } from './csv-format.js';

/** Bin width of the logit histogram. */
export const LOGIT_BIN = 0.5;

/** Logit histogram: bins [lo, lo + LOGIT_BIN) with counts, over the defined logits. */
export function logitHistogram(logit: Float64Array): { lo: number[]; count: number[] } {
  let min = Infinity;
  let max = -Infinity;
  for (const x of logit) if (x === x) { min = Math.min(min, x); max = Math.max(max, x); }
  if (min > max) return { lo: [], count: [] };
  const first = Math.floor(min / LOGIT_BIN);
  const bins = Math.floor(max / LOGIT_BIN) - first + 1;
  const count = new Array<number>(bins).fill(0);
  for (const x of logit) if (x === x) count[Math.floor(x / LOGIT_BIN) - first]++;
  return { lo: count.map((_, i) => (first + i) * LOGIT_BIN), count };
}

function blocksText(mask: number, S: number): string {
  const b: number[] = [];
  for (let i = 0; i < S; i++) if (mask & (1 << i)) b.push(i);
  return b.join(' ');
}

/** Writes the CSV files and pbo.json into `dir`; Sharpe ratios are annualised with `annual` (= √bars per year). */
export async function writeCscvFiles(dir: string, run: CscvRun, space: ParamSpace<any>, frame: OhlcvFrame, annual: number): Promise<void> {
  const S = run.bars.length;
  const N = run.opt.order.length;
  const grid = (n: number) => run.opt.order[n];
  const blocks: string[] = [csvLine(['combination', 'block', 'start', 'bars', 'sum_returns', 'sum_sq_returns'])];
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < S; b++) {
      const o = (n * S + b) * 2;
      blocks.push(csvLine([String(grid(n)), String(b), isoCell(frame.time[run.bounds[b]]), String(run.bars[b]), numberCell(run.sums[o]), numberCell(run.sums[o + 1])]));
    }
  }
  await writeFile(join(dir, 'cscv_blocks.csv'), blocks.join(''));
  const combos: string[] = [csvLine(['combination', ...space.keys, 'sharpe_ratio', 'total_return', 'total_trades'])];
  for (let n = 0; n < N; n++) {
    const row = n * METRIC_COUNT;
    const v = gridValues(space, grid(n)).map((x) => textCell(String(x)));
    combos.push(csvLine([String(grid(n)), ...v, ...(['sharpe_ratio', 'total_return', 'total_trades'] as const).map((k) => numberCell(run.opt.rows[row + METRIC_INDEX[k]]))]));
  }
  await writeFile(join(dir, 'cscv_combinations.csv'), combos.join(''));
  const sp = run.splits;
  const splits: string[] = [csvLine(['split', 'in_sample_blocks', 'best_combination', 'is_sharpe', 'oos_sharpe', 'oos_rank', 'omega', 'logit'])];
  for (let k = 0; k < sp.mask.length; k++) {
    splits.push(csvLine([String(k), blocksText(sp.mask[k], S), sp.best[k] < 0 ? '' : String(grid(sp.best[k])),
      numberCell(sp.isSharpe[k] * annual), numberCell(sp.oosSharpe[k] * annual), numberCell(sp.rank[k]), numberCell(sp.omega[k]), numberCell(sp.logit[k])]));
  }
  await writeFile(join(dir, 'cscv_splits.csv'), splits.join(''));
  const h = logitHistogram(sp.logit);
  await writeFile(join(dir, 'cscv_logit_histogram.csv'), [csvLine(['logit_from', 'logit_to', 'splits']), ...h.lo.map((lo, i) => csvLine([numberCell(lo), numberCell(lo + LOGIT_BIN), String(h.count[i])]))].join(''));
  const s = run.summary;
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  const json = {
    pbo: num(s.pbo), splits: s.splits, total_splits: sp.mask.length, blocks: S, combinations: N, bars: frame.length,
    prob_oos_loss: num(s.probLoss),
    degradation: { slope: num(s.slope), intercept: num(s.intercept * annual) },
    mean_is_sharpe: num(s.meanIs * annual), mean_oos_sharpe: num(s.meanOos * annual), sharpe_annualization: annual,
    definitions: {
      returns: 'per-bar returns r_0 = equity_0/init_cash - 1, r_t = equity_t/equity_{t-1} - 1; blocks are contiguous, block b = bars [floor(b*n/S), floor((b+1)*n/S))',
      sharpe: 'per bar mean/std (ddof 1) over the blocks of a half, times sharpe_annualization in the CSV files',
      rank: 'OOS rank of the IS best among all combinations: #worse + (#equal + 1)/2 (mid-rank, undefined Sharpe counts as the worst); omega = rank/(N+1); logit = ln(omega/(1-omega))',
      pbo: 'share of splits with logit <= 0', ties: 'IS best: first combination in grid order among equal Sharpe ratios',
    },
  };
  await writeFile(join(dir, 'pbo.json'), `${JSON.stringify(json, null, 2)}\n`);
}
