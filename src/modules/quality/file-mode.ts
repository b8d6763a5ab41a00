import fs from 'node:fs';
import type { Executor } from '../../kernel/db.js';
import { AppError } from '../../kernel/errors.js';
import { readRows } from '../people/index.js';
import { findDuplicates, settleDecisions, trainModel, type LinkModel, type LinkRecord, type Thresholds } from './linkage/index.js';
import { candidatesForMany } from './realtime.js';
import { currentModel, currentThresholds } from './model-store.js';

export interface FilePair {
  a: string;
  b: string;
  score: number;
  decision: 'match' | 'review';
}

export interface FileCheck {
  records: number;
  rejected: Array<{ line: number; reason: string }>;
  pairs: FilePair[];
  model: LinkModel;
}

const NIL = '00000000-0000-0000-0000-000000000000';
/** File rows looked up in the registry together (three queries per batch, not per row). */
const REGISTRY_BATCH = 500;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * Reads a people file in the import's format (CSV or NDJSON; docs/generator.md) into linkage
 * records: parents' names from the file's own links, the commune from the households file when
 * one is given. A row that cannot be a record (no id, name, sex or birth date) is reported, not
 * dropped silently.
 */
export async function readPeopleFile(file: string, householdsFile?: string): Promise<{ records: LinkRecord[]; rejected: FileCheck['rejected'] }> {
  const communes = new Map<string, string>();
  if (householdsFile) {
    for await (const row of readRows(householdsFile)) {
      if ('error' in row) continue;
      const id = str(row.value.externalId);
      const commune = str(row.value.communeCode);
      if (id && commune) communes.set(id, commune);
    }
  }
  const raw: Array<{ record: LinkRecord; father: string | null; mother: string | null }> = [];
  const rejected: FileCheck['rejected'] = [];
  for await (const row of readRows(file)) {
    if ('error' in row) {
      rejected.push({ line: row.line, reason: row.error });
      continue;
    }
    const v = row.value;
    const id = str(v.externalId);
    const fullName = str(v.fullName);
    const birthDate = str(v.birthDate);
    const sex = v.sex === 'M' || v.sex === 'F' ? v.sex : null;
    if (!id || !fullName || !birthDate || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate) || !sex) {
      rejected.push({ line: row.line, reason: !id ? 'externalId' : !fullName ? 'fullName' : !sex ? 'sex' : 'birthDate' });
      continue;
    }
    const household = str(v.householdExternalId);
    raw.push({
      record: {
        id,
        fullName,
        birthDate,
        sex,
        birthProvince: str(v.birthRegistrationProvinceCode ?? v.birthPlaceCode),
        originProvince: str(v.originProvinceCode ?? v.originPlaceCode),
        fatherName: null,
        motherName: null,
        oldId: str(v.oldIdNumber ?? v.oldId9 ?? v.oldId12),
        unitCode: (household && communes.get(household)) ?? str(v.communeCode),
        householdKey: household,
      },
      father: str(v.fatherExternalId),
      mother: str(v.motherExternalId),
    });
  }
  const names = new Map(raw.map((r) => [r.record.id, r.record.fullName]));
  const records = raw.map((r) => ({ ...r.record, fatherName: r.father ? names.get(r.father) ?? null : null, motherName: r.mother ? names.get(r.mother) ?? null : null }));
  return { records, rejected };
}

/**
 * `dancu dedup file`: duplicates inside a file before it is loaded (m/u learnt from the file
 * itself by EM), and with `registry` also against the registry's records (the registry's
 * learnt model and blocking keys; a registry record is named by its external id, else its PIN).
 */
export async function checkFile(file: string, options: { householdsFile?: string; registry?: Executor; workers?: number; thresholds?: Thresholds; onProgress?: (done: number, total: number) => void } = {}): Promise<FileCheck> {
  if (!fs.existsSync(file)) throw new AppError('invalid', 'file_not_found', { vi: `Không có tệp ${file}.`, en: `No such file: ${file}.` }, { field: 'input' });
  const { records, rejected } = await readPeopleFile(file, options.householdsFile);
  const model = trainModel(records);
  const thresholds = options.thresholds ?? model.thresholds;
  const found = await findDuplicates(records, { ...model, thresholds }, { workers: options.workers ?? 2, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const pairs: FilePair[] = [];
  for (const p of settleDecisions(found.pairs, thresholds)) {
    if (p.decision !== 'reject') pairs.push({ a: p.a, b: p.b, score: p.weight, decision: p.decision });
  }
  if (options.registry) {
    const registryModel = (await currentModel(options.registry)) ?? model;
    const registryThresholds = options.thresholds ?? (await currentThresholds(options.registry, registryModel));
    // A file row has no registry id: the nil uuid excludes nobody. Pairs name the registry record by external id, else PIN.
    for (let i = 0; i < records.length; i += REGISTRY_BATCH) {
      const batch = records.slice(i, i + REGISTRY_BATCH);
      const found = await candidatesForMany(options.registry, batch.map((r) => ({ ...r, id: NIL })), registryModel, registryThresholds);
      const others = [...new Set(found.flatMap((cs) => cs.map((c) => (c.a === NIL ? c.b : c.a))))];
      const refs = new Map((await options.registry.query<{ id: string; ref: string }>('SELECT id, coalesce(external_id, pin) AS ref FROM person WHERE id = ANY($1::uuid[])', [others])).rows.map((x) => [x.id, x.ref]));
      batch.forEach((r, j) => {
        for (const c of found[j]!) {
          const other = c.a === NIL ? c.b : c.a;
          pairs.push({ a: r.id, b: refs.get(other) ?? other, score: c.score, decision: c.decision });
        }
      });
    }
  }
  pairs.sort((x, y) => y.score - x.score);
  return { records: records.length, rejected, pairs, model };
}

export function pairsCsv(pairs: FilePair[]): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return `a,b,score,decision\n${pairs.map((p) => `${q(p.a)},${q(p.b)},${p.score.toFixed(2)},${p.decision}`).join('\n')}${pairs.length ? '\n' : ''}`;
}
