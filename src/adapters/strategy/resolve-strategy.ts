import { StrategyError } from '../../base/errors.js';
import { builtinStrategyIds, findBuiltinStrategy } from '../../domain/strategies/registry.js';
import type { StrategyDefinition } from '../../domain/strategies/strategy.js';
import { loadStrategyFile } from './load-strategy-file.js';

import { looksLikeStrategyFile } from './strategy-file-name.js';

export { looksLikeStrategyFile };

/** Resolves `--strategy`: a built-in id/class name, or a `.ts`/`.js` file exporting a strategy class. */
export async function resolveStrategy(name: string): Promise<StrategyDefinition<any>> {
  if (!looksLikeStrategyFile(name)) {
    const def = findBuiltinStrategy(name);
    if (def) return def;
    throw new StrategyError('STRATEGY_UNKNOWN', `Unknown strategy "${name}".`, {
      hint: `Built-in strategies: ${builtinStrategyIds().join(', ')}. To use your own, pass the path of a .ts or .js file that exports a class extending BaseStrategy (see docs/strategies.md).`,
    });
  }
  return loadStrategyFile(name);
}
