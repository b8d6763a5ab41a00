/**
 * Writes docs/events.md from the event declarations (`npm run docs:events`); the test
 * `event-catalogue.test.ts` fails when the document and the code disagree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import { eventCatalogue } from '../src/kernel/events.js';
import '../src/modules/people/events.js';
import '../src/modules/eid/events.js';
import '../src/modules/dossiers/events.js';
import '../src/modules/residence/events.js';
import '../src/modules/residence/ct07/events.js';
import '../src/modules/cards/events.js';

export const CATALOGUE_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/events.md');

function typeOf(schema: TSchema): string {
  const s = schema as TSchema & { anyOf?: TSchema[]; const?: unknown; items?: TSchema; properties?: Record<string, TSchema>; pattern?: string };
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.type === 'array') return `${typeOf(s.items!)}[]`;
  if (s.type === 'object') return `{ ${Object.entries(s.properties ?? {}).map(([k, v]) => `${k}: ${typeOf(v)}`).join(', ')} }`;
  if (s.type === 'string' && s.pattern === '^[0-9]{12}$') return 'PIN';
  if (s.type === 'string' && s.pattern === '^[0-9]{5}-[0-9]{8}$') return 'household number';
  if (s.type === 'string' && s.pattern === '^[0-9]{5}$') return 'commune code';
  return String(s.type);
}

export function renderCatalogue(): string {
  const lines = [
    '# Event catalogue',
    '',
    'Every domain event dancu publishes through the transactional outbox (`src/kernel/events.ts`):',
    'written in the same transaction as the change it announces, delivered to subscribers in commit',
    'order, at least once per subscriber, and one subject\'s events in the order they committed.',
    'Each type has one shape, declared once by the module that publishes it (`defineEvent` in the',
    "module's `events.ts`); `publish` refuses an undeclared type or a payload of another shape. This",
    'file is generated from those declarations (`npm run docs:events`) and a test keeps it in step.',
    '',
    '| type | module | subject | payload | meaning |',
    '|---|---|---|---|---|',
  ];
  for (const e of eventCatalogue().filter((d) => d.module !== 'test')) {
    const fields = Object.entries(e.payload.properties).map(([k, v]) => `\`${k}\`: ${typeOf(v as TSchema)}`).join('<br>');
    lines.push(`| \`${e.type}\` | ${e.module} | ${e.subject} | ${fields} | ${e.description} |`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  fs.writeFileSync(CATALOGUE_FILE, renderCatalogue());
  process.stdout.write(`wrote ${CATALOGUE_FILE}\n`);
}
