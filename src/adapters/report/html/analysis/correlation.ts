/** Pearson correlation between series, over the bars where every series is defined. */

export interface Correlation {
  /** `matrix[i][j]`: correlation of series i and j; NaN when a series is constant. */
  readonly matrix: number[][];
  /** Bars used (those with all values finite). */
  readonly rows: number;
}

export function correlationMatrix(series: readonly ArrayLike<number>[]): Correlation {
  const k = series.length;
  const n = k ? Math.min(...series.map((s) => s.length)) : 0;
  // One pass over the bars finds those where every series is defined (their indices, in order)
  // and adds them up per series (the same sums in the same bar order as one series at a time); a
  // second one takes each series' deviations over those bars: the pair sums below then run over
  // plain Float64Arrays.
  const sums = new Float64Array(k);
  const kept = new Int32Array(n);
  let rows = 0;
  for (let t = 0; t < n; t++) {
    let ok = true;
    for (let i = 0; i < k && ok; i++) {
      const v = series[i][t];
      ok = v - v === 0; // finite (NaN and ±∞ give NaN)
    }
    if (!ok) continue;
    kept[rows++] = t;
    for (let i = 0; i < k; i++) sums[i] += series[i][t];
  }
  const means = Array.from(sums, (sum) => sum / rows);
  const dev = series.map(() => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const t = kept[r];
    for (let i = 0; i < k; i++) dev[i][r] = series[i][t] - means[i];
  }
  // Each series' sum of squares once (the same sum every pair of it would add up again), then one
  // sum of products per pair; a series with itself is its sum of squares.
  const squares = dev.map((x) => {
    let sxx = 0;
    for (let r = 0; r < rows; r++) sxx += x[r] * x[r];
    return sxx;
  });
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(NaN));
  for (let i = 0; i < k; i++) {
    const x = dev[i];
    for (let j = i; j < k; j++) {
      const y = dev[j];
      let sxy = squares[i];
      if (j !== i) {
        sxy = 0;
        for (let r = 0; r < rows; r++) sxy += x[r] * y[r];
      }
      const sxx = squares[i], syy = squares[j];
      const c = sxx > 0 && syy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) : NaN;
      matrix[i][j] = c;
      matrix[j][i] = c;
    }
  }
  return { matrix, rows };
}
