/**
 * Ranking of optimization results (DESIGN.md §6): by the target metric in its direction (lower is
 * better only for `max_drawdown` among the optimization targets; the catalog says which), ties in
 * favour of the smaller grid index, undefined (NaN) values last (in grid order among themselves).
 */

/** `true` when `a` is strictly better than `b` for a metric in `direction` (NaN is never better). */
export function isBetter(a: number, b: number, direction: 'higher' | 'lower'): boolean {
  if (a !== a) return false;
  if (b !== b) return true;
  return direction === 'higher' ? a > b : a < b;
}

/**
 * Compares two results: negative when result 1 ranks before result 2. Values are the target
 * metric, `g1`/`g2` the grid indices (the tie-break).
 */
export function compareResults(v1: number, g1: number, v2: number, g2: number, direction: 'higher' | 'lower'): number {
  const n1 = v1 !== v1;
  const n2 = v2 !== v2;
  if (n1 !== n2) return n1 ? 1 : -1;
  if (!n1 && v1 !== v2) return direction === 'higher' ? (v1 > v2 ? -1 : 1) : v1 < v2 ? -1 : 1;
  return g1 - g2;
}

/**
 * The ranking of `count` results: `out[r]` is the result position (row) ranked r-th (0 = best).
 * `value(i)` is result i's target value, `gridIndex(i)` its grid index. Results for which
 * `demoted(i)` is true (e.g. fewer closed trades than `--min-trades`) rank after all others, in
 * the same order among themselves.
 */
export function rankResults(
  count: number, value: (i: number) => number, gridIndex: (i: number) => number, direction: 'higher' | 'lower',
  demoted?: (i: number) => boolean,
): Int32Array {
  // Typed arrays throughout: a million results sort without a million-element JS array. The
  // comparison is a total order (grid indices are distinct), so the sort's stability does not matter.
  const idx = new Int32Array(count);
  const v = new Float64Array(count);
  const g = new Float64Array(count);
  const d = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    idx[i] = i;
    v[i] = value(i);
    g[i] = gridIndex(i);
    if (demoted?.(i)) d[i] = 1;
  }
  return idx.sort((a, b) => d[a] - d[b] || compareResults(v[a], g[a], v[b], g[b], direction));
}
