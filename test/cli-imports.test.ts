import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The packages a process loads before it runs anything: every bare specifier reached from
 * `entry` through static imports. With `verbatimModuleSyntax` an import is elided only when
 * written `import type`/`export type`, so any other declaration loads its module; `import()`
 * inside a function is not followed (it loads on first use).
 */
function staticPackages(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const node of source.statements) {
      let specifier: string | undefined;
      if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) specifier = (node.moduleSpecifier as ts.StringLiteral).text;
      if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) specifier = (node.moduleSpecifier as ts.StringLiteral).text;
      if (!specifier) continue;
      if (specifier.startsWith('.')) {
        const base = path.resolve(path.dirname(file), specifier.replace(/\.js$/, ''));
        const target = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
        if (target) visit(target);
      } else if (!specifier.startsWith('node:')) {
        if (!packages.has(specifier)) packages.set(specifier, path.relative(ROOT, file));
      }
    }
  };
  visit(path.join(ROOT, entry));
  return packages;
}

// Each takes 0.1–0.8 s to load through tsx and serves a few requests (OpenID Connect, passkeys,
// the CT07 PDF and its signature, Excel exports, card images): loaded where used, every `dancu`
// command starts about a second sooner (2.7–3.3 s to 1.8–2.2 s to load the CLI here).
const LOADED_ON_FIRST_USE = ['oidc-provider', '@simplewebauthn/server', 'pdfkit', 'qrcode', 'write-excel-file/node', 'node-forge', '@signpdf/signpdf', '@signpdf/signer-p12', '@signpdf/placeholder-plain'];

describe('what the dancu command loads before it runs', () => {
  it('does not load the libraries only some requests use', () => {
    const loaded = staticPackages('src/cli.ts');
    // The walk itself works: the CLI's own libraries are there.
    expect(loaded.has('commander')).toBe(true);
    expect(loaded.has('fastify')).toBe(true);
    const early = LOADED_ON_FIRST_USE.filter((p) => loaded.has(p)).map((p) => `${p} (imported by ${loaded.get(p)})`);
    expect(early).toEqual([]);
  });
});
