import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_FILE, renderCatalogue } from './event-catalogue.js';

describe('docs/events.md', () => {
  it('lists exactly the declared event types with their subject and payload (npm run docs:events rewrites it)', () => {
    expect(fs.readFileSync(CATALOGUE_FILE, 'utf8')).toBe(renderCatalogue());
  });
});
