import fs from 'node:fs';
import path from 'node:path';

/**
 * The test files whose outcome depends on the database engine: those that reach `test/engine.ts`
 * (the only code that reads which engine the run uses, through `test/context.ts` and the helpers
 * built on it) by following relative imports. The PostgreSQL pass of CI runs these; a file that
 * never reaches it (a parser's property tests, the CLI run against its own PGlite directory)
 * would only repeat the PGlite pass word for word.
 */
export function engineDependentTestFiles(root: string, testFiles: readonly string[]): string[] {
  const engine = path.join(root, 'test', 'engine.ts');
  const reaches = new Map<string, boolean>();
  const visit = (file: string, trail: Set<string>): boolean => {
    const known = reaches.get(file);
    if (known !== undefined) return known;
    if (file === engine) return true;
    if (trail.has(file)) return false;
    trail.add(file);
    const found = relativeImports(file).some((dep) => visit(dep, trail));
    trail.delete(file);
    reaches.set(file, found);
    return found;
  };
  return testFiles.filter((f) => visit(path.resolve(root, f), new Set()));
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

/** `./x.js` in a TypeScript file means `./x.ts` (or `./x.tsx`, or `./x/index.ts`). */
function relativeImports(file: string): string[] {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec) continue;
    const base = path.resolve(path.dirname(file), spec);
    const stem = base.replace(/\.(js|ts|tsx|mjs)$/, '');
    const hit = [`${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts'), base].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
    if (hit) out.push(hit);
  }
  return out;
}
