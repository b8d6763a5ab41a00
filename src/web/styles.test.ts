import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Merges have left a block of styles.css open more than once; native CSS nesting then puts every
 * later rule inside that block, and they silently stop applying anywhere.
 */
describe('styles.css', () => {
  it('closes every block it opens, and never closes one it did not open', () => {
    const css = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'styles.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    let depth = 0;
    let deepestTopLevelLine = 0;
    css.split('\n').forEach((line, i) => {
      for (const ch of line) {
        if (ch === '{') depth++;
        if (ch === '}') depth--;
        expect(depth, `line ${i + 1} closes a block that was not open`).toBeGreaterThanOrEqual(0);
      }
      // Only @media/@supports blocks nest here; a third level means a rule was left open.
      if (depth > 2) deepestTopLevelLine = i + 1;
    });
    expect(deepestTopLevelLine, `a block is still open at line ${deepestTopLevelLine}`).toBe(0);
    expect(depth).toBe(0);
  });
});
