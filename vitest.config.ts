// Vitest settings: tests that spawn the built CLI or run the SARIF Multitool need more than the default 5 s
// on a loaded 2-core CI machine; a hang still fails, just later.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Stops the run when dist/ (the spawned CLI, the helper thread's worker) was built from other sources.
    globalSetup: ['test/global-setup.ts'],
  },
});
