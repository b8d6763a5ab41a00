import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { engineDependentTestFiles } from './test/engine-files.js';

const ROOT = import.meta.dirname;
const onPostgres = Boolean(process.env.DANCU_TEST_DATABASE_URL || process.env.DATABASE_URL);

function testFilesUnder(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts') && !f.split(path.sep).includes('node_modules') && !f.startsWith(`e2e${path.sep}`))
    .map((f) => path.join(dir, f));
}

// On PostgreSQL only the files whose outcome depends on the engine run: the rest would repeat
// the PGlite pass word for word (see test/engine-files.ts).
const include = onPostgres
  ? engineDependentTestFiles(ROOT, ['src', 'test', 'scripts'].flatMap(testFilesUnder))
  : ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'];

export default defineConfig({
  test: {
    include,
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: more workers only fight over them (each PGlite copy is ~100 MB of WASM heap).
    maxWorkers: 2,
    // Each file still gets its own database; sharing the loaded modules between the files of a
    // worker saves importing the whole app 85 times (a fifth of the run). Module state is keyed
    // by database (WeakMaps), and test/permissions.test.ts loads the app as it runs.
    isolate: false,
    reporters: ['default'],
  },
});
