import { gridDigits, type ParamSpace } from '../../../domain/params/param-space.js';
import type { CrossSymbolRanking } from '../../../orchestration/optimize/cross-symbol.js';
import { csvLine, numberCell, textCell } from './csv-format.js';
import { paramCell, writeLines } from './optimization-results-csv.js';

/**
 * `optimization_cross_symbol.csv` (multi-symbol runs): every combination evaluated on all
 * symbols, ranked by the mean of the target metric (or `--objective` score) across symbols, with its rank by the worst
 * case too, the parameter values, the mean, the worst and each symbol's value.
 */
export async function writeCrossSymbolCsv(path: string, x: CrossSymbolRanking, space: ParamSpace<any>, order: ArrayLike<number>): Promise<void> {
  const worstRank = new Int32Array(x.positions.length);
  x.byWorst.forEach((k, r) => { worstRank[k] = r + 1; });
  const digits = new Int32Array(space.keys.length);
  const ns = x.symbols.length;
  await writeLines(path, async (emit) => {
    await emit(csvLine(['rank_mean', 'rank_worst', 'grid_index', ...space.keys, `mean_${x.label}`, `worst_${x.label}`,
      ...x.symbols.map((s) => textCell(`${x.label}_${s}`))]));
    for (let r = 0; r < x.byMean.length; r++) {
      const k = x.byMean[r];
      const g = order[x.positions[k]];
      gridDigits(space, g, digits);
      const cells = [String(r + 1), String(worstRank[k]), String(g)];
      for (let j = 0; j < digits.length; j++) cells.push(paramCell(space.values[j][digits[j]]));
      cells.push(numberCell(x.mean[k]), numberCell(x.worst[k]));
      for (let s = 0; s < ns; s++) cells.push(numberCell(x.values[k * ns + s]));
      const written = emit(csvLine(cells));
      if (written) await written;
    }
  });
}
