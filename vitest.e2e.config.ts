import { defineConfig } from 'vitest/config';

// Browser tests: a real server in-process and Debian's chromium. One file at a time in one
// fork (a browser and a PGlite instance each are heavy on two cores), with long timeouts.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
    env: { LOG_LEVEL: 'warn' },
  },
});
