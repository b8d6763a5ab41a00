import { defineConfig } from 'vitest/config';

// Browser tests: a real server in-process and Debian's chromium per file, each server started
// from the demo database global-setup.ts seeds once per run. Two files at a time
// (each spends much of its time waiting on the browser; two at once took 280 s where one at a
// time took over 500), with long timeouts and 30-second waits for SMS codes (dev-outbox.ts).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // The files of a worker share the loaded app (as in vitest.config.ts): each file still has
    // its own server, database and browser.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
    env: { LOG_LEVEL: 'warn' },
  },
});
