import type { Actor, Role } from './actor.js';
import { AppError, forbidden } from './errors.js';

/**
 * The one place that decides "may this actor do X on something in unit U". Each module
 * declares the permissions of its own actions and which roles hold them (`definePermission`);
 * the kernel only evaluates them. Services call `authorize` before reading or writing; routes
 * only authenticate.
 */
export type Permission = string;

interface PermissionSpec {
  module: string;
  roles: readonly Role[];
  description: string;
}

const declared = new Map<Permission, PermissionSpec>();

/** Declares a permission and the roles that hold it; returns its name for `authorize`. */
export function definePermission<P extends string>(module: string, name: P, spec: { roles: readonly Role[]; description: string }): P {
  const existing = declared.get(name);
  if (existing && existing.module !== module) throw new Error(`permission ${name} is declared by ${existing.module} and ${module}`);
  declared.set(name, { module, roles: [...spec.roles], description: spec.description });
  return name;
}

/** Every declared permission (the administration screens and the authorization tests list them). */
export function declaredPermissions(): Array<{ name: Permission } & PermissionSpec> {
  return [...declared.entries()].map(([name, spec]) => ({ name, ...spec })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The permissions a role holds, for the session answer the web app builds its menu from. */
export function permissionsOfRole(role: Role): Permission[] {
  return declaredPermissions().filter((p) => p.roles.includes(role)).map((p) => p.name);
}

/** The roles holding a permission (pickers list the officers who could do the work). */
export function rolesHolding(permission: Permission): Role[] {
  const spec = declared.get(permission);
  if (!spec) throw new Error(`permission ${permission} is not declared (definePermission)`);
  return [...spec.roles];
}

export const ALL_ROLES: readonly Role[] = ['commune_officer', 'province_officer', 'national_officer', 'admin'];

/** Where a thing lives: its current commune (5 digits) and province (2 digits). */
export interface UnitRef {
  communeCode?: string | null;
  provinceCode: string | null;
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  const spec = declared.get(permission);
  // A typo here would silently deny (or, worse, be "fixed" by granting): fail loudly instead.
  if (!spec) throw new Error(`permission ${permission} is not declared (definePermission)`);
  if (actor.kind === 'system') return true;
  // Citizens and relying parties hold no console permission; modules grant them their own data.
  if (actor.kind === 'citizen' || actor.kind === 'client') return false;
  return spec.roles.includes(actor.role);
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
export function scopeFilter(actor: Actor): UnitFilter | null {
  if (actor.kind === 'citizen' || actor.kind === 'client') throw forbidden('permission_denied');
  if (actor.kind === 'system' || actor.unitLevel === 'nation' || actor.unitCode === null) return null;
  return { level: actor.unitLevel, code: actor.unitCode };
}

/** A commune or a whole province: an actor's scope, or a unit a list is narrowed to. */
export interface UnitFilter {
  level: 'commune' | 'province';
  code: string;
}

/** A unit code typed into a filter: two digits name a province, five a commune. */
export function unitFilter(code: string): UnitFilter {
  return { level: code.length === 2 ? 'province' : 'commune', code };
}

/**
 * `f` as a SQL condition on a row's `unit_code` (a commune) or `province_code` (a province), the
 * names every table narrowed by unit uses; the code is pushed onto `params` as the next parameter.
 */
export function unitCondition(f: UnitFilter, params: unknown[], alias?: string): string {
  return `${alias ? `${alias}.` : ''}${f.level === 'commune' ? 'unit_code' : 'province_code'} = $${params.push(f.code)}`;
}

/**
 * `f` on a commune column alone, for a table that does not record the province (a daily
 * snapshot) or a row's second unit (the other person of a duplicate pair): a province is the
 * communes it holds.
 */
export function communeCondition(f: UnitFilter, params: unknown[], column = 'unit_code'): string {
  const code = `$${params.push(f.code)}`;
  return f.level === 'commune' ? `${column} = ${code}` : `${column} IN (SELECT code FROM admin_unit WHERE level = 'commune' AND province_code = ${code})`;
}
