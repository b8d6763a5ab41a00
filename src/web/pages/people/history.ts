import type { PersonVersion } from '../../people-api.js';

/** The snapshot fields the history shows, in the order a record reads. */
export const HISTORY_FIELDS = [
  'pin',
  'fullName',
  'birthDate',
  'sex',
  'nationality',
  'ethnicity',
  'religion',
  'birthPlaceCode',
  'birthPlace',
  'birthFacility',
  'birthAddress',
  'birthAddressUnitCode',
  'originPlaceCode',
  'originPlace',
  'identifyingMarks',
  'oldId9',
  'oldId12',
  'fatherPin',
  'motherPin',
  'spousePin',
  'status',
  'deathDate',
  'unitCode',
  'provinceCode',
] as const;

export type HistoryField = (typeof HISTORY_FIELDS)[number];

export function isHistoryField(field: string): field is HistoryField {
  return (HISTORY_FIELDS as readonly string[]).includes(field);
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields that differ between two snapshots: the known ones in record order, then any
 * the server added later, alphabetically (so a new field still shows up, by its name).
 */
export function diffVersions(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const extra = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => !isHistoryField(key))
    .sort();
  return [...HISTORY_FIELDS, ...extra]
    .filter((field) => !same(before[field], after[field]))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

export interface VersionEntry extends PersonVersion {
  /** Differences with the version before; null for the first one. */
  changes: FieldChange[] | null;
}

/** Versions newest first, each with what it changed. */
export function historyEntries(versions: PersonVersion[]): VersionEntry[] {
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  return ordered
    .map((v, i) => {
      const previous = ordered[i - 1];
      return { ...v, changes: previous ? diffVersions(previous.data, v.data) : null };
    })
    .reverse();
}

export type Author =
  | { kind: 'you' }
  | { kind: 'import'; batch: string }
  | { kind: 'officer'; id: string }
  | { kind: 'system'; name: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who made a version, from `changedBy`: an officer's id, `import:<batch>`, or a system job's name. */
export function authorOf(changedBy: string, myId: string): Author {
  if (changedBy === myId) return { kind: 'you' };
  if (changedBy.startsWith('import:')) return { kind: 'import', batch: changedBy.slice('import:'.length) };
  if (UUID.test(changedBy)) return { kind: 'officer', id: changedBy };
  return { kind: 'system', name: changedBy };
}
