/** `--objective FILE` (issue 9 item 11): rank an optimization by the user's own score of the metrics. */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvRows, runCli, tempDir } from '../support/run-cli.js';

const SAMPLE = ['--exchange', 'sample', '--timeframe', '4h', '--start', '2023-01-01', '--end', '2023-07-01', '--workers', '1',
  '--range', 'short_ma_window=5,10,20', '--range', 'long_ma_window=30,60,90'];

async function objectiveFile(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, body);
  return path;
}

describe('--objective FILE', () => {
  it('ranks by the score, writes it as a column, and best_params.json is the top row', async () => {
    const dir = await tempDir('bt-objective-');
    const file = await objectiveFile(dir, 'calmar-ish.mjs', 'export default (s) => s.total_return - 3 * s.max_drawdown;\n');
    const out = join(dir, 'opt');
    const r = await runCli([...SAMPLE, '--symbols', 'BTC/USDT', '--optimize', '--objective', file, '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Objective:\s+\S+ \(calmar-ish\.mjs, the target\)/);
    const rows = readCsvRows(join(out, 'optimization_results.csv'));
    expect(rows).toHaveLength(9);
    // the score recomputed here from the same row's metrics
    for (const row of rows) expect(Number(row.objective)).toBeCloseTo(Number(row.total_return) - 3 * Number(row.max_drawdown), 12);
    const scores = rows.map((row) => Number(row.objective));
    for (let i = 1; i < scores.length; i++) expect(scores[i - 1]).toBeGreaterThanOrEqual(scores[i]);
    // the ranking is not the plain total_return one (otherwise this test would show nothing)
    const byReturn = [...rows].sort((a, b) => Number(b.total_return) - Number(a.total_return));
    expect(byReturn.map((x) => x.grid_index)).not.toEqual(rows.map((x) => x.grid_index));
    const best = JSON.parse(readFileSync(join(out, 'best_params.json'), 'utf8'));
    expect(best.technical_parameters.short_ma_window).toBe(Number(rows[0].short_ma_window));
    expect(best.technical_parameters.long_ma_window).toBe(Number(rows[0].long_ma_window));
    expect(best.description).toContain('the objective calmar-ish.mjs');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.objective).toEqual({ name: 'calmar-ish.mjs', direction: 'higher' });
  }, 120_000);

  it("direction 'lower' from a .ts file, and the cross-symbol ranking by the mean score", async () => {
    const dir = await tempDir('bt-objective-');
    const file = await objectiveFile(dir, 'risk.ts', [
      "import type { MetricKey } from 'backtester';",
      "export const direction = 'lower';",
      'export function score(s: Record<MetricKey, number>): number { return s.max_drawdown + s.volatility; }',
      '',
    ].join('\n'));
    const out = join(dir, 'multi');
    const r = await runCli([...SAMPLE, '--symbols', 'BTC/USDT,ETH/USDT', '--optimize', '--objective', file, '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const sym of ['BTC-USDT', 'ETH-USDT']) {
      const rows = readCsvRows(join(out, sym, 'optimization_results.csv'));
      for (const row of rows) expect(Number(row.objective)).toBeCloseTo(Number(row.max_drawdown) + Number(row.volatility), 12);
      const s = rows.map((row) => Number(row.objective));
      for (let i = 1; i < s.length; i++) expect(s[i - 1]).toBeLessThanOrEqual(s[i]);
    }
    const x = readCsvRows(join(out, 'optimization_cross_symbol.csv'));
    expect(Object.keys(x[0])).toEqual(expect.arrayContaining(['mean_objective', 'worst_objective', 'objective_BTC/USDT', 'objective_ETH/USDT']));
    for (const row of x) expect(Number(row.mean_objective)).toBeCloseTo((Number(row['objective_BTC/USDT']) + Number(row['objective_ETH/USDT'])) / 2, 12);
    // lower is better: the worst case is the larger score
    for (const row of x) expect(Number(row.worst_objective)).toBe(Math.max(Number(row['objective_BTC/USDT']), Number(row['objective_ETH/USDT'])));
    const means = x.map((row) => Number(row.mean_objective));
    for (let i = 1; i < means.length; i++) expect(means[i - 1]).toBeLessThanOrEqual(means[i]);
  }, 120_000);

  it('bad objectives: clear errors, exit codes, nothing published', async () => {
    const dir = await tempDir('bt-objective-');
    const cases: [string, string, number, RegExp][] = [
      ['throws.mjs', "export default () => { throw new Error('no luck'); };\n", 4, /objective throws\.mjs threw for short_ma_window=\d+, long_ma_window=\d+: no luck/],
      ['text.mjs', "export default () => 'high';\n", 4, /returned "high" .*not a number/],
      ['nothing.mjs', 'export const x = 1;\n', 4, /No objective function found/],
      ['broken.mjs', 'export default (s) => s.sharpe_ratio +;\n', 4, /Loading the objective file .*broken\.mjs failed/],
      ['dir.mjs', "export default { score: (s) => s.sharpe_ratio, direction: 'up' };\n", 4, /direction .* is "up"/],
    ];
    for (const [name, body, code, message] of cases) {
      const file = await objectiveFile(dir, name, body);
      const out = join(dir, `out-${name}`);
      const r = await runCli([...SAMPLE, '--symbols', 'BTC/USDT', '--optimize', '--objective', file, '--output', out]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/^\s+at /m); // no raw stack without --debug
      expect(existsSync(join(out, 'run.json'))).toBe(false);
    }
    const missing = await runCli([...SAMPLE, '--symbols', 'BTC/USDT', '--optimize', '--objective', join(dir, 'nope.mjs'), '--output', join(dir, 'o1')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Objective file not found: .*nope\.mjs/);
    const good = await objectiveFile(dir, 'good.mjs', 'export default (s) => s.sharpe_ratio;\n');
    const both = await runCli([...SAMPLE, '--symbols', 'BTC/USDT', '--optimize', '--objective', good, '--metric', 'sharpe_ratio', '--output', join(dir, 'o2')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--objective and --metric both set the optimization target/);
    const single = await runCli([...SAMPLE, '--symbols', 'BTC/USDT', '--objective', good, '--output', join(dir, 'o3')]);
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/needs --optimize/);
  }, 180_000);
});
