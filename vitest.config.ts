import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One temporary cache folder for the run (test/support/global-setup.ts), not ~/.cache/backtester.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Worker-pool and browser tests spawn their own threads/processes; keep vitest's own pool small.
    maxWorkers: 2,
  },
});
