/** Comparing the output folders of a local and a distributed run, file by file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { listFiles } from '../optimization/fixtures.js';

/**
 * Files that legitimately differ between two runs of the same optimization: the logs and run.json
 * (timings, the command), index.html pages (they show the command), and best_backtest/'s HTML
 * pages (step timings). docs/optimization.md names the same exceptions.
 */
export function comparable(rel: string): boolean {
  const name = rel.split('/').pop()!;
  if (name === 'backtester.log' || name === 'backtester.jsonl' || name === 'run.json' || name === 'index.html') return false;
  return !(rel.includes('best_backtest/') && rel.endsWith('.html'));
}

/** Every comparable file of `a` exists in `b` with the same bytes (and the file lists are equal). */
export async function expectSameOutputs(a: string, b: string): Promise<string[]> {
  const fa = await listFiles(a);
  const fb = await listFiles(b);
  expect(fb).toEqual(fa);
  const compared = fa.filter(comparable);
  for (const f of compared) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  expect(compared.some((f) => f.endsWith('optimization_results.csv'))).toBe(true);
  return compared;
}

/** Combinations each worker says it finished (`Finished chunk … : N combinations`), summed. */
export function finishedCombinations(...logs: string[]): number {
  let n = 0;
  for (const log of logs) for (const m of log.matchAll(/Finished chunk [^\n]*?: (\d+) combinations in/g)) n += Number(m[1]);
  return n;
}

/** Like `expectSameOutputs` for any run: the file lists are equal, every comparable file has the same bytes, and `required` files exist. */
export async function expectSameFiles(a: string, b: string, required: readonly string[]): Promise<string[]> {
  const fa = await listFiles(a);
  const fb = await listFiles(b);
  expect(fb).toEqual(fa);
  for (const r of required) expect(fa, r).toContain(r);
  const compared = fa.filter(comparable);
  for (const f of compared) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
  return compared;
}
