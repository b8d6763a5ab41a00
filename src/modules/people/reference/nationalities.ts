/**
 * Nationalities as recorded on person records: ISO 3166-1 alpha-2 codes (the code the
 * chip card's DG13 and passports use). Names come from the ICU data Node ships
 * (`Intl.DisplayNames`, full ICU), in Vietnamese and English, so the list needs no
 * translation table of its own; the few names Vietnamese official forms write differently
 * are set here. Viet Nam is listed first: it is the nationality of nearly every record.
 */
const CODES =
  'VN AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VU WF WS YE YT ZA ZM ZW';

export const NATIONALITY_CODES: readonly string[] = CODES.split(' ');
const KNOWN = new Set(NATIONALITY_CODES);

/** Names official Vietnamese forms write differently from ICU's. */
const OVERRIDES: Record<string, { vi: string; en: string }> = {
  VN: { vi: 'Việt Nam', en: 'Viet Nam' },
  TW: { vi: 'Đài Loan (Trung Quốc)', en: 'Taiwan (China)' },
  HK: { vi: 'Hồng Kông (Trung Quốc)', en: 'Hong Kong (China)' },
  MO: { vi: 'Ma Cao (Trung Quốc)', en: 'Macao (China)' },
};

export function isNationalityCode(code: string): boolean {
  return KNOWN.has(code);
}

let cached: Array<{ code: string; vi: string; en: string }> | undefined;

/** Every nationality with its Vietnamese and English name: Viet Nam first, then by code. */
export function nationalities(): Array<{ code: string; vi: string; en: string }> {
  if (cached) return cached;
  const vi = new Intl.DisplayNames(['vi'], { type: 'region', fallback: 'code' });
  const en = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  cached = NATIONALITY_CODES.map((code) => OVERRIDES[code] ? { code, ...OVERRIDES[code] } : { code, vi: vi.of(code) ?? code, en: en.of(code) ?? code });
  return cached;
}
