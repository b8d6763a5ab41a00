import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineDependentTestFiles } from './engine-files.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the test files the PostgreSQL pass runs', () => {
  it('are those that reach the engine choice, directly or through the shared helpers', () => {
    const files = ['src/kernel/db-roles.test.ts', 'src/modules/people/people.test.ts', 'test/fuzz-routes.test.ts', 'test/cli.test.ts', 'src/modules/people/pin.test.ts', 'src/web/forms.test.ts'];
    // db-roles reads the engine itself; people.test through test/context.ts; fuzz-routes through
    // test/route-walk.ts → context.ts. The CLI test runs its own PGlite directory on any engine.
    expect(engineDependentTestFiles(ROOT, files)).toEqual(['src/kernel/db-roles.test.ts', 'src/modules/people/people.test.ts', 'test/fuzz-routes.test.ts']);
  });
});
