import type { TFunction } from 'i18next';
import { formatDate } from '../../format.js';
import type { Unit } from '../../units-api.js';

/** The server sends unit types as written in law (Vietnamese); these are their i18n keys. */
const TYPE_KEYS = {
  Tỉnh: 'province',
  'Thành phố': 'city',
  Quận: 'urban_district',
  Huyện: 'district',
  'Thị xã': 'town',
  'Thành phố thuộc tỉnh': 'provincial_city',
  'Thành phố thuộc thành phố trực thuộc trung ương': 'municipal_city',
  Phường: 'ward',
  Xã: 'commune',
  'Thị trấn': 'township',
  'Đặc khu': 'special_zone',
} as const;

type TypeKey = (typeof TYPE_KEYS)[keyof typeof TYPE_KEYS];

function typeKey(type: string): TypeKey | undefined {
  return (TYPE_KEYS as Record<string, TypeKey | undefined>)[type];
}

/** The unit type in the UI language; a type this app does not know is shown as sent. */
export function typeLabel(t: TFunction, type: string): string {
  const key = typeKey(type);
  return key ? t(`units.type.${key}`) : type;
}

/** The day before an ISO date: `validTo` is exclusive, people read the last day in force. */
export function dayBefore(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** "01/08/2008 – 30/06/2025", "từ 01/07/2025", or empty when the server gave no dates. */
export function validityLabel(t: TFunction, unit: Pick<Unit, 'validFrom' | 'validTo'>): string {
  const from = formatDate(unit.validFrom);
  const to = unit.validTo ? formatDate(dayBefore(unit.validTo)) : '';
  if (from && to) return t('units.validRange', { from, to });
  if (from) return t('units.validFrom', { date: from });
  if (to) return t('units.validRange', { from: '…', to });
  return '';
}
