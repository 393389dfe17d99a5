// Vitest settings: tests that spawn the built CLI or run the SARIF Multitool need more than the default 5 s
// on a loaded 2-core CI machine; a hang still fails, just later.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, where most of a
    // test's time is our own code and the main process has little to do.
    maxWorkers: availableParallelism(),
    // Test files share a worker's loaded modules instead of importing the engine, ajv and the rules again for
    // each of ~100 files (half the suite's time). Tests mock no module and leave no global state behind.
    isolate: false,
    // Stops the run when dist/ (the spawned CLI, the helper thread's worker) was built from other sources.
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
  },
});
