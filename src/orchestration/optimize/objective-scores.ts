import { StrategyError } from '../../base/errors.js';
import { METRIC_COUNT, METRICS, type MetricKey } from '../../domain/metrics/catalog.js';
import type { Objective } from '../../domain/params/objective.js';
import { gridValues, type ParamSpace } from '../../domain/params/param-space.js';

/**
 * The objective's score of every evaluated position (NaN where not done), from the metrics rows
 * the optimizer left. Runs the user's function in this thread once per position; a throw or a
 * result that is not a number is a StrategyError naming the combination.
 */
export function objectiveScores(objective: Objective, space: ParamSpace<any>, order: ArrayLike<number>, rows: Float64Array, done: Uint8Array): Float64Array {
  const out = new Float64Array(done.length).fill(NaN);
  for (let p = 0; p < done.length; p++) {
    if (done[p] !== 1) continue;
    const stats = {} as Record<MetricKey, number>;
    for (let m = 0; m < METRIC_COUNT; m++) stats[METRICS[m].key] = rows[p * METRIC_COUNT + m];
    const vals = gridValues(space, order[p]);
    const params = Object.fromEntries(space.keys.map((k, i) => [k, vals[i]]));
    let v: unknown;
    try {
      v = objective.score(Object.freeze(stats), Object.freeze(params));
    } catch (e) {
      throw new StrategyError('STRATEGY_FAILED', `The objective ${objective.name} threw for ${describe(params)}: ${(e as Error)?.message ?? String(e)}.`, {
        hint: 'Fix the objective function (run with --debug to see the stack trace).', cause: e,
      });
    }
    if (typeof v !== 'number') {
      throw new StrategyError('STRATEGY_FAILED', `The objective ${objective.name} returned ${typeof v === 'string' ? JSON.stringify(v).slice(0, 80) : typeof v} for ${describe(params)}, not a number.`, {
        hint: 'Return a number (NaN for "undefined": it ranks last).',
      });
    }
    out[p] = v;
  }
  return out;
}

function describe(params: Record<string, unknown>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join(', ').slice(0, 200);
}
