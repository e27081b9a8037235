/**
 * The single script of the code-cached bundle (scripts/bundle.mjs builds it into
 * dist/bundle/core.cjs; src/adapters/bundle/load-core.cts loads it). What a strategy file imports is evaluated at
 * once (it is light: src/strategy-api.ts); the CLI, the library's whole API, the optimizer's
 * worker and the strategy host are evaluated only when their loader is called, so a thread
 * pays only for what it runs.
 */
export * from './strategy-api.js';

export const loadIndex = () => import('./index.js');
export const loadBin = () => import('./adapters/cli/bin.js');
export const loadCli = () => import('./adapters/cli/cli.js');
export const loadOptimizeWorker = () => import('./adapters/pool/optimize-worker.js');
export const loadStrategyHostWorker = () => import('./adapters/strategy/strategy-host-worker.js');
