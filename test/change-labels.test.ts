import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../src/web/i18n/en.json' with { type: 'json' };
import vi from '../src/web/i18n/vi.json' with { type: 'json' };

/**
 * The commune desk's "recent changes" lists every change on a person or a household by its
 * label (`desk.action.*`), and shows the action's code where there is none. Here the server's
 * source is read for every change it writes (`recordAudit`, `recordAuditMany`, not the access
 * chain) whose target is a person, a household or not written out, and each must have a label
 * in both languages. Actions built at run time are listed below with the values they take; a new
 * one fails until it is added there.
 */
const COMPUTED: Record<string, string[]> = {
  'src/modules/cards/delivery.ts `card.${input.to}`': ['card.shipped', 'card.delivered', 'card.returned'],
  'src/modules/people/household-service.ts `residence.${input.kind}_recorded`': ['residence.temporary_recorded', 'residence.current_recorded'],
  'src/modules/people/residence-changes.ts `residence.${kind}_removed`': ['residence.temporary_removed', 'residence.permanent_removed'],
  // Targets a dossier, an e-ID account or an officer: not on the desk.
  'src/modules/dossiers/dossier-service.ts `dossier.${a.type}`': [],
  'src/modules/eid/verification.ts `eid.enrolment_${input.decision}`': [],
};

const TARGET_KINDS_ON_THE_DESK = new Set(['person', 'household']);

interface Written {
  file: string;
  actions: string[];
  computed: string[];
  targetKind: string | null;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith(`web${path.sep}`))
    .map((f) => path.join(dir, f));
}

/** Every call that records a change, with the actions and the target kind written in it. */
function changesWritten(): Written[] {
  const out: Written[] = [];
  for (const file of sourceFiles('src')) {
    const source = fs.readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\brecordAudit(?:Many)?\(/g)) {
      const open = m.index + m[0].length - 1;
      let depth = 0;
      let end = open;
      for (; end < source.length; end++) {
        if (source[end] === '(') depth++;
        else if (source[end] === ')' && --depth === 0) break;
      }
      const call = source.slice(open, end + 1);
      if (/chain: AuditChain/.test(call) || /'access'\s*,?\s*\)$/.test(call)) continue;
      const actions: string[] = [];
      const computed: string[] = [];
      for (const a of call.matchAll(/action: ([^,\n]+)/g)) {
        const expr = a[1]!.trim();
        if (expr.startsWith('`')) computed.push(`${file} ${expr}`);
        else actions.push(...[...expr.matchAll(/'([a-z_0-9.]+)'/g)].map((q) => q[1]!));
      }
      out.push({ file, actions, computed, targetKind: /target: \{ kind: '([a-z_]+)'/.exec(call)?.[1] ?? null });
    }
  }
  return out;
}

function label(messages: unknown, action: string): unknown {
  return action.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), (messages as { desk: { action: unknown } }).desk.action);
}

describe('the labels of the changes the desk lists', () => {
  const written = changesWritten();

  it('finds the changes the registry writes (the reading of the source still works)', () => {
    const all = written.flatMap((w) => w.actions);
    expect(all).toEqual(expect.arrayContaining(['person.born', 'household.member_left', 'residence.permanent_closed']));
    expect(written.length).toBeGreaterThan(50);
  });

  it('knows every action built at run time', () => {
    const unknown = written.flatMap((w) => w.computed).filter((c) => !(c in COMPUTED));
    expect(unknown).toEqual([]);
  });

  it('has a Vietnamese and an English label for every change on a person or a household', () => {
    const onDesk = new Set<string>();
    for (const w of written) {
      if (w.targetKind !== null && !TARGET_KINDS_ON_THE_DESK.has(w.targetKind)) continue;
      for (const a of w.actions) onDesk.add(a);
      for (const c of w.computed) for (const a of COMPUTED[c] ?? []) onDesk.add(a);
    }
    const missing = [...onDesk].sort().flatMap((a) => [
      ...(typeof label(vi, a) === 'string' ? [] : [`vi ${a}`]),
      ...(typeof label(en, a) === 'string' ? [] : [`en ${a}`]),
    ]);
    expect(missing).toEqual([]);
  });
});
