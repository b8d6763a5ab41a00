/**
 * The commune list the generator places households in, read from the project's unit table
 * (data/admin-units, built by `npm run build:units`):
 *   units.csv       code,level,name,type,parent_code,province_code,valid_from,valid_to (both trees)
 *   conversion.csv  old_code,new_code,kind,note (old commune → new commune)
 *
 * Every current commune (level "commune", no valid_to) gets the pre-2025 province of one of its
 * predecessors, because PINs are still prefixed with the 63 old province codes: the predecessor
 * whose code the new commune kept, else the old province most predecessors belonged to.
 *
 * Weights: the unit table has no population column. Each pre-2025 province's approximate
 * population (reference/provinces-pre-2025.ts) is shared among the current communes attributed
 * to it, an urban ward (phường) counting 2.5 times a rural commune (xã) and a special zone (đặc khu,
 * small islands) 0.3 — after the 2025 merger a ward holds roughly two to three times a commune's
 * population. A weight is thus roughly the commune's population in thousands. Without the
 * province step, the many thinly peopled mountain communes would hold far too many people.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { notFound } from '../../../kernel/errors.js';
import { findPreReformProvince, PRE_REFORM_PROVINCES } from '../reference/provinces-pre-2025.js';
import type { CommuneRef } from './records.js';

export const COMMUNE_WEIGHTS: Readonly<Record<string, number>> = { Phường: 2.5, Xã: 1, 'Đặc khu': 0.3 };
const DEFAULT_WEIGHT = 1;

type Row = Record<string, string | undefined>;

function readCsv(file: string): Row[] {
  if (!existsSync(file)) {
    throw notFound('admin_units_missing', {
      vi: `Không tìm thấy ${file}; hãy chạy "npm run build:units" trước.`,
      en: `${file} not found; run "npm run build:units" first.`,
    });
  }
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Row[];
}

/** Current communes with their pre-2025 province, weight and ward flag, sorted by code. */
export function loadCommunesForGenerator(dir = 'data/admin-units'): CommuneRef[] {
  const units = readCsv(path.join(dir, 'units.csv'));
  const conversion = readCsv(path.join(dir, 'conversion.csv'));

  const oldProvinceOf = new Map<string, string>();
  const current: Row[] = [];
  for (const u of units) {
    if (u.level !== 'commune' || !u.code || !u.province_code) continue;
    if (u.valid_to) oldProvinceOf.set(u.code, u.province_code);
    else current.push(u);
  }
  const predecessors = new Map<string, string[]>();
  for (const c of conversion) {
    if (!c.old_code || !c.new_code) continue;
    const list = predecessors.get(c.new_code) ?? [];
    list.push(c.old_code);
    predecessors.set(c.new_code, list);
  }

  const communes = current
    .map((u): CommuneRef => {
      const code = u.code ?? '';
      const provinceCode = u.province_code ?? '';
      const type = u.type ?? '';
      return {
        code,
        provinceCode,
        oldProvinceCode: oldProvinceFor(code, predecessors.get(code) ?? [], oldProvinceOf) ?? provinceCode,
        weight: COMMUNE_WEIGHTS[type] ?? DEFAULT_WEIGHT,
        urban: type === 'Phường',
      };
    })
    .filter((c) => /^[0-9]{5}$/.test(c.code) && findPreReformProvince(c.oldProvinceCode ?? '') !== undefined)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return spreadProvincePopulation(communes);
}

/**
 * Rescales weights so that each pre-2025 province's communes together weigh its population (in
 * thousands), keeping the ratios between its communes.
 */
export function spreadProvincePopulation(communes: readonly CommuneRef[]): CommuneRef[] {
  const totals = new Map<string, number>();
  for (const c of communes) {
    const province = c.oldProvinceCode ?? c.provinceCode;
    totals.set(province, (totals.get(province) ?? 0) + c.weight);
  }
  const population = new Map(PRE_REFORM_PROVINCES.map((p) => [p.code, p.population]));
  return communes.map((c) => {
    const province = c.oldProvinceCode ?? c.provinceCode;
    const total = totals.get(province) ?? 0;
    const people = population.get(province);
    return people === undefined || total === 0 ? c : { ...c, weight: (c.weight * people) / total };
  });
}

function oldProvinceFor(
  code: string,
  olds: readonly string[],
  oldProvinceOf: ReadonlyMap<string, string>,
): string | undefined {
  if (olds.includes(code)) {
    const kept = oldProvinceOf.get(code);
    if (kept) return kept;
  }
  const counts = new Map<string, number>();
  for (const old of olds) {
    const province = oldProvinceOf.get(old);
    if (province) counts.set(province, (counts.get(province) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [province, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (count > bestCount) [best, bestCount] = [province, count];
  }
  return best;
}
