import type { Actor, Role } from './actor.js';
import { AppError, forbidden } from './errors.js';

/**
 * The one place that decides "may this actor do X on something in unit U".
 * Services call `authorize` before reading or writing; routes only authenticate.
 */
export type Permission =
  | 'units.read'
  | 'people.read'
  | 'people.write'
  | 'people.import'
  | 'officers.read'
  | 'officers.manage'
  | 'audit.read'
  | 'audit.verify'
  | 'eid.verify'
  | 'eid.clients';

const ALL: readonly Permission[] = [
  'units.read',
  'people.read',
  'people.write',
  'people.import',
  'officers.read',
  'officers.manage',
  'audit.read',
  'audit.verify',
  'eid.verify',
  'eid.clients',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  commune_officer: ['units.read', 'people.read', 'people.write', 'audit.read', 'eid.verify'],
  province_officer: ['units.read', 'people.read', 'people.write', 'people.import', 'officers.read', 'audit.read', 'eid.verify'],
  national_officer: ['units.read', 'people.read', 'people.write', 'people.import', 'officers.read', 'audit.read', 'audit.verify', 'eid.verify'],
  admin: ALL,
};

/** Where a thing lives: its current commune (5 digits) and province (2 digits). */
export interface UnitRef {
  communeCode?: string | null;
  provinceCode: string | null;
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'system') return true;
  // Citizens and relying parties hold no console permission; modules grant them their own data.
  if (actor.kind === 'citizen' || actor.kind === 'client') return false;
  return ROLE_PERMISSIONS[actor.role].includes(permission);
}

/** True when the thing at `unit` is inside the actor's unit scope. */
export function inScope(actor: Actor, unit: UnitRef): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'citizen' || actor.kind === 'client') return false;
  switch (actor.unitLevel) {
    case 'nation':
      return true;
    case 'province':
      return unit.provinceCode !== null && unit.provinceCode === actor.unitCode;
    case 'commune':
      return unit.communeCode != null && unit.communeCode === actor.unitCode;
  }
}

/** Throws `forbidden` unless the actor holds the permission and, if given, the unit is in scope. */
export function authorize(actor: Actor, permission: Permission, unit?: UnitRef): void {
  if (!hasPermission(actor, permission)) throw forbidden('permission_denied');
  if (unit && !inScope(actor, unit)) throw outOfScope();
}

export function outOfScope(): AppError {
  return new AppError('forbidden', 'out_of_scope', {
    vi: 'Dữ liệu thuộc đơn vị hành chính ngoài phạm vi quản lý của bạn.',
    en: 'The data belongs to an administrative unit outside your scope.',
  });
}

/**
 * The unit filter a list query must apply for this actor: null means the whole nation.
 * Lists are narrowed instead of refused, so an officer simply sees their own unit's records.
 */
export function scopeFilter(actor: Actor): { level: 'commune' | 'province'; code: string } | null {
  if (actor.kind === 'citizen' || actor.kind === 'client') throw forbidden('permission_denied');
  if (actor.kind === 'system' || actor.unitLevel === 'nation' || actor.unitCode === null) return null;
  return { level: actor.unitLevel, code: actor.unitCode };
}
