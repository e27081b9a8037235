import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { StrategyError, UsageError } from '../../base/errors.js';
import type { Objective } from '../../domain/params/objective.js';
import { importUserModule } from './import-user-module.js';

/**
 * Loads an objective file (`--objective FILE`, docs/optimization.md): a `.js`, `.mjs` or `.ts`
 * module whose default export is the score function `(stats, params) => number` (higher is better),
 * or an object `{ score, direction?: 'higher' | 'lower' }` (default or named exports `score` and
 * `direction`). Like a strategy file it is code that runs with the user's rights.
 */
export async function loadObjectiveFile(file: string): Promise<Objective> {
  const path = resolve(file);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // reported below
  }
  if (!isFile) throw new UsageError(`Objective file not found: ${path}.`, { hint: 'Give --objective the path of a .js, .mjs or .ts file that exports the score function.' });
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path);
  } catch (e) {
    throw new StrategyError('STRATEGY_FAILED', `Loading the objective file ${path} failed: ${(e as Error).message}.`, {
      hint: 'Fix the error in the file (run it with --debug to see the stack trace).', cause: e,
    });
  }
  const name = basename(path);
  const d = mod.default as unknown;
  const holder = (typeof d === 'object' && d !== null ? d : mod) as { score?: unknown; direction?: unknown };
  const score = typeof d === 'function' ? d : holder.score;
  const direction = holder.direction ?? 'higher';
  if (typeof score !== 'function') {
    throw new StrategyError('STRATEGY_UNKNOWN', `No objective function found in ${path}.`, {
      hint: 'Export the score function as default, e.g. `export default (s) => s.sharpe_ratio - 2 * s.max_drawdown;`, or export `score` (and optionally `direction`).',
    });
  }
  if (direction !== 'higher' && direction !== 'lower') {
    throw new StrategyError('STRATEGY_UNKNOWN', `The objective's direction in ${path} is ${JSON.stringify(direction)?.slice(0, 80)}.`, { hint: "Export direction as 'higher' (the default) or 'lower'." });
  }
  return { name, direction, score: score as Objective['score'] };
}
