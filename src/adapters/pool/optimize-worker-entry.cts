/**
 * The file piscina loads in each worker thread (compiled, from dist; from sources piscina loads
 * the .ts worker through tsx). Piscina tries `require()` before `import()`, and Node 20's
 * `require()` of an ES module can intermittently crash the thread (a V8 fatal error,
 * `Module::IsGraphAsync` on a module not yet instantiated). This CommonJS file is required
 * safely and imports the ES module worker. (The bundle's entry, src/adapters/bundle/
 * optimize-worker-entry.cts, loads the worker from the one-script core with no ES module at all.)
 *
 * Piscina awaits the `default` export of an `__esModule` object before it reports the thread
 * ready, so the import (and the worker's warm-up) completes during start-up, while the main
 * thread loads data; a load failure becomes a handler that rethrows it for every task.
 */
import type { ChunkResult, ChunkTask, UnitTask } from './chunk-task.js';

type Handler = (task: ChunkTask | UnitTask) => Promise<ChunkResult>;

const handler: Promise<Handler> = (import('./optimize-worker.js') as Promise<{ default: Handler }>).then(
  (m) => m.default,
  (error: unknown): Handler => async () => {
    throw error;
  },
);

export = { __esModule: true, default: handler };
