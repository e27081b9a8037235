/**
 * The bundle's worker entry for piscina (scripts/bundle.mjs copies it into dist/bundle/ as
 * `optimize-worker-entry.cjs`): the optimizer's worker straight from the code-cached engine
 * (`load-core.cjs`, the same one-script core the bin loads), with no ES module on the way, so a
 * worker thread never starts Node's ES module loader for a built-in strategy (~3-5 ms of each
 * thread's start-up; a strategy file still loads through it).
 *
 * CommonJS on purpose, as the module-by-module entry (src/adapters/pool/optimize-worker-entry.cts):
 * piscina tries `require()` before `import()`, and Node 20's `require()` of an ES module can
 * intermittently crash the thread (a V8 fatal error, `Module::IsGraphAsync` on a module not yet
 * instantiated). Here nothing on the path is an ES module at all.
 *
 * Piscina awaits the `default` export of an `__esModule` object before it reports the thread
 * ready, so loading the worker (and its warm-up) completes during start-up, while the main thread
 * loads data; a load failure becomes a handler that rethrows it for every task.
 */
import type { ChunkResult, ChunkTask, UnitTask } from '../pool/chunk-task.js';

type Handler = (task: ChunkTask | UnitTask) => Promise<ChunkResult>;

/** The bundle's worker module (src/bundle-core.ts `loadOptimizeWorker`), or why it did not load. */
function loadWorker(): Promise<{ default: Handler }> {
  try {
    const { engine } = require('./load-core.cjs') as typeof import('./load-core.cjs');
    return (engine.loadOptimizeWorker as () => Promise<{ default: Handler }>)();
  } catch (error) {
    return Promise.reject(error);
  }
}

const handler: Promise<Handler> = loadWorker().then(
  (m) => m.default,
  (error: unknown): Handler => async () => {
    throw error;
  },
);

export = { __esModule: true, default: handler };
