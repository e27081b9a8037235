import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { processAlive } from './output-lock.js';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '../../base/errors.js';
import type { Manifest } from './manifest.js';

/**
 * Top-level names a run may write, checked before the work starts so a conflict is refused at
 * once; the check at publish time (on the real entries, symbol folders included) is the rule.
 * The resume state is left out: a resumed run reads it and does not write it again.
 */
export const KNOWN_OUTPUT_NAMES: readonly string[] = [
  'run.json', 'index.html', 'backtester.log', 'backtester.jsonl', 'assets', 'summary.csv', 'summary.html',
  'performance_metrics.csv', 'trades.csv', 'monthly_returns.csv', 'equity.csv', 'data_quality.json', 'equity.svg', 'report-data.js',
  'overview.html', 'equity.html', 'drawdowns.html', 'trades.html', 'indicators.html', 'monthly_returns.html',
  'optimization_results.csv', 'optimization_cross_symbol.csv', 'best_params.json', 'best_backtest',
  'optimization_heatmap.html', 'optimization_distribution.html', 'optimization_convergence.html',
];

/** An entry name from a manifest we may delete: a plain name, no path tricks. */
export function safeEntry(name: string): boolean {
  return name.length > 0 && !name.includes('/') && !name.includes('\\') && name !== '.' && name !== '..';
}

/** Exit 5 naming the entries a run would overwrite that the tool did not write (or that changed since). */
export function conflictError(dir: string, foreign: readonly string[], previous: Manifest | null): OutputError {
  const shown = foreign.slice(0, 8).join(', ') + (foreign.length > 8 ? ` and ${foreign.length - 8} more` : '');
  const one = foreign.length === 1;
  const why = previous
    ? (previous.files ? `${one ? 'it was' : 'they were'} not written by the previous run there or changed since`
      : `the older run.json there has no content hashes to prove ${one ? 'it is' : 'they are'} ours`)
    : `${one ? 'it was' : 'they were'} not written by backtester`;
  return new OutputError(`Refusing to write results into ${dir}: ${shown} would be replaced, but ${why}.`, {
    hint: 'Nothing was changed. Choose a new or empty folder with --output, or move those files away first.',
  });
}

/** Removes staging folders of dead processes left beside `dir` by earlier versions (`.name.partial-<pid>-…`). */
export async function removeLegacyStaging(dir: string): Promise<void> {
  const prefix = `.${basename(dir)}.partial-`;
  let names: string[];
  try {
    names = readdirSync(dirname(dir)); // (synchronously: one listing, from the kernel's cache)
  } catch {
    names = [];
  }
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const pid = Number.parseInt(n.slice(prefix.length), 10);
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) await rm(join(dirname(dir), n), { recursive: true, force: true });
  }
}
