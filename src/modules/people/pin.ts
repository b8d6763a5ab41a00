/**
 * The personal ID number (số định danh cá nhân, "PIN"): structure, validation against a record,
 * decoding, and candidates for issuing. Pure functions, no I/O (docs/pin.md).
 *
 * Layout `PPP C YY RRRRRR` (domain §1):
 *   PPP    pre-2025 province code of the place of birth registration, zero-padded ("001" Hà Nội),
 *          or a code ≥ 100 for a country (births registered abroad);
 *   C      century and sex: 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s;
 *   YY     last two digits of the birth year;
 *   RRRRRR random.
 * There is no check digit, so a PIN can only be checked for shape, a known PPP, and agreement
 * with the person's recorded birth year, sex and place of birth registration.
 *
 * Uniqueness is not decided here: a candidate is only a well-formed number. The people service
 * inserts it into the `pin_registry` table (UNIQUE, never deleted, cancelled numbers included) and
 * draws a new candidate on conflict — see `newPinCandidate`.
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { invalid, type Message } from '../../kernel/errors.js';
import { findPreReformProvince, type PreReformProvince } from './reference/provinces-pre-2025.js';

export type Sex = 'M' | 'F';

/** Where a PIN says the birth was registered: a pre-2025 province, or a country. */
export type PinOrigin = { code: string; name: string } | { countryCode: string };

export type PinErrorCode =
  | 'pin_not_12_digits'
  | 'pin_unknown_province'
  | 'pin_birth_year_mismatch'
  | 'pin_sex_mismatch'
  | 'pin_province_mismatch'
  | 'pin_birth_year_in_future';

export interface PinError {
  code: PinErrorCode;
  field: 'pin';
  message: Message;
}

export interface PinCheck {
  /** True when there are no errors. */
  valid: boolean;
  /** Present when the PPP is a known province or an accepted country code. */
  province?: PinOrigin;
  /** Present whenever the input is 12 digits: digits 4–6 always decode to a sex and a year. */
  sex?: Sex;
  birthYear?: number;
  errors: PinError[];
}

/** What a PIN is checked against; every field is optional and only given fields are compared. */
export interface PinRecord {
  birthYear?: number;
  sex?: Sex;
  /** Pre-2025 province code (two digits, "01") or a three-digit PPP ("001", a country code). */
  birthRegistrationProvinceCode?: string;
}

export interface PinRules {
  /**
   * Which three-digit codes ≥ 100 count as countries. *(unconfirmed)*: the official list of
   * country codes for births registered abroad is not published with the PIN rules we have, so
   * by default every code 100–999 is accepted; pass the real list here once known.
   */
  countryCodes?: ReadonlySet<string>;
  /** When given, a PIN whose birth year is later than this is rejected (e.g. century digit 4 in 2025). */
  currentYear?: number;
}

export interface DecodedPin {
  pin: string;
  /** The three digits PPP as written. */
  ppp: string;
  /** Undefined when PPP is neither a known province nor an accepted country code. */
  origin: PinOrigin | undefined;
  centuryDigit: number;
  sex: Sex;
  birthYear: number;
  /** The six random digits. */
  serial: string;
}

/** How many numbers one six-digit prefix can hold. */
export const PIN_SERIAL_SPACE = 1_000_000;
export const PIN_MIN_BIRTH_YEAR = 1900;
export const PIN_MAX_BIRTH_YEAR = 2399;

const TWELVE_DIGITS = /^[0-9]{12}$/;
const SIX_DIGITS = /^[0-9]{6}$/;

function originOf(ppp: string, rules: PinRules): PinOrigin | undefined {
  const n = Number(ppp);
  if (n >= 100) {
    const accepted = rules.countryCodes ? rules.countryCodes.has(ppp) : true;
    return accepted ? { countryCode: ppp } : undefined;
  }
  const province: PreReformProvince | undefined = findPreReformProvince(ppp.slice(1));
  return province ? { code: province.code, name: province.name } : undefined;
}

/**
 * Splits a PIN into its parts, or returns undefined when it is not 12 digits. An unknown PPP
 * still decodes (origin undefined): the year and sex digits carry meaning on their own.
 */
export function decodePin(pin: string, rules: PinRules = {}): DecodedPin | undefined {
  if (typeof pin !== 'string' || !TWELVE_DIGITS.test(pin)) return undefined;
  const ppp = pin.slice(0, 3);
  const centuryDigit = pin.charCodeAt(3) - 48;
  const yy = Number(pin.slice(4, 6));
  return {
    pin,
    ppp,
    origin: originOf(ppp, rules),
    centuryDigit,
    sex: centuryDigit % 2 === 0 ? 'M' : 'F',
    birthYear: PIN_MIN_BIRTH_YEAR + 100 * Math.floor(centuryDigit / 2) + yy,
    serial: pin.slice(6),
  };
}

/** Normalises "01" / "001" / "124" to the three-digit PPP, or undefined when not a code at all. */
function toPpp(code: string): string | undefined {
  if (/^[0-9]{2}$/.test(code)) return `0${code}`;
  if (/^[0-9]{3}$/.test(code)) return code;
  return undefined;
}

function err(code: PinErrorCode, vi: string, en: string): PinError {
  return { code, field: 'pin', message: { vi, en } };
}

/**
 * Checks a PIN's structure and, when a record is given, that digits 1–6 agree with the recorded
 * place of birth registration, birth year and sex. Never throws.
 */
export function validatePin(pin: string, record: PinRecord = {}, rules: PinRules = {}): PinCheck {
  const decoded = decodePin(pin, rules);
  if (!decoded) {
    return {
      valid: false,
      errors: [
        err(
          'pin_not_12_digits',
          'Số định danh cá nhân phải gồm đúng 12 chữ số.',
          'A personal ID number must be exactly 12 digits.',
        ),
      ],
    };
  }
  const errors: PinError[] = [];
  if (!decoded.origin) {
    errors.push(
      err(
        'pin_unknown_province',
        `Mã tỉnh/quốc gia ${decoded.ppp} trong số định danh không tồn tại.`,
        `Province or country code ${decoded.ppp} in the ID number does not exist.`,
      ),
    );
  }
  if (rules.currentYear !== undefined && decoded.birthYear > rules.currentYear) {
    errors.push(
      err(
        'pin_birth_year_in_future',
        `Số định danh mã hoá năm sinh ${decoded.birthYear}, sau năm hiện tại.`,
        `The ID number encodes birth year ${decoded.birthYear}, which is in the future.`,
      ),
    );
  }
  if (record.birthYear !== undefined && record.birthYear !== decoded.birthYear) {
    errors.push(
      err(
        'pin_birth_year_mismatch',
        `Số định danh mã hoá năm sinh ${decoded.birthYear} nhưng hồ sơ ghi năm ${String(record.birthYear)}.`,
        `The ID number encodes birth year ${decoded.birthYear} but the record says ${String(record.birthYear)}.`,
      ),
    );
  }
  if (record.sex !== undefined && record.sex !== decoded.sex) {
    errors.push(
      err(
        'pin_sex_mismatch',
        `Số định danh mã hoá giới tính ${decoded.sex === 'M' ? 'nam' : 'nữ'} nhưng hồ sơ ghi ${record.sex === 'M' ? 'nam' : 'nữ'}.`,
        `The ID number encodes sex ${decoded.sex} but the record says ${String(record.sex)}.`,
      ),
    );
  }
  if (record.birthRegistrationProvinceCode !== undefined) {
    const expected = toPpp(record.birthRegistrationProvinceCode);
    if (expected !== decoded.ppp) {
      errors.push(
        err(
          'pin_province_mismatch',
          `Số định danh mã hoá nơi đăng ký khai sinh ${decoded.ppp} nhưng hồ sơ ghi ${record.birthRegistrationProvinceCode}.`,
          `The ID number encodes place of birth registration ${decoded.ppp} but the record says ${record.birthRegistrationProvinceCode}.`,
        ),
      );
    }
  }
  const check: PinCheck = {
    valid: errors.length === 0,
    sex: decoded.sex,
    birthYear: decoded.birthYear,
    errors,
  };
  if (decoded.origin) check.province = decoded.origin;
  return check;
}

/**
 * The mismatches that force a PIN to be cancelled and re-established after the person's data was
 * corrected (docs/pin.md): empty when the PIN still fits the corrected record.
 */
export function reestablishmentReasons(pin: string, corrected: PinRecord): PinErrorCode[] {
  const mismatch = new Set<PinErrorCode>([
    'pin_birth_year_mismatch',
    'pin_sex_mismatch',
    'pin_province_mismatch',
  ]);
  return validatePin(pin, corrected).errors.flatMap((e) => (mismatch.has(e.code) ? [e.code] : []));
}

/** The century/sex digit (digit 4) for a birth year and sex; undefined outside 1900–2399. */
export function centuryDigitFor(birthYear: number, sex: Sex): number | undefined {
  if (!Number.isInteger(birthYear) || birthYear < PIN_MIN_BIRTH_YEAR || birthYear > PIN_MAX_BIRTH_YEAR)
    return undefined;
  return 2 * Math.floor((birthYear - PIN_MIN_BIRTH_YEAR) / 100) + (sex === 'F' ? 1 : 0);
}

/**
 * The first six digits (PPP C YY) for a person. Throws `invalid` when the province is unknown,
 * the sex is not M/F, or the year cannot be written in a PIN.
 */
export function pinPrefix(
  input: { provinceCode: string; sex: Sex; birthYear: number },
  rules: PinRules = {},
): string {
  const ppp = toPpp(input.provinceCode);
  if (ppp === undefined || originOf(ppp, rules) === undefined) {
    throw invalid('pin_unknown_province', 'provinceCode', {
      vi: `Mã tỉnh/quốc gia ${input.provinceCode} không dùng được cho số định danh.`,
      en: `Province or country code ${input.provinceCode} cannot be used in an ID number.`,
    });
  }
  if (input.sex !== 'M' && input.sex !== 'F') {
    throw invalid('sex_malformed', 'sex', { vi: 'Giới tính phải là M hoặc F.', en: 'Sex must be M or F.' });
  }
  const c = centuryDigitFor(input.birthYear, input.sex);
  if (c === undefined) {
    throw invalid('birth_year_out_of_pin_range', 'birthYear', {
      vi: `Năm sinh ${input.birthYear} không biểu diễn được trong số định danh (1900–2399).`,
      en: `Birth year ${input.birthYear} cannot be written in an ID number (1900–2399).`,
    });
  }
  return `${ppp}${c}${String(input.birthYear % 100).padStart(2, '0')}`;
}

/**
 * A candidate PIN: the prefix plus six uniformly random digits drawn from `randomBytes`.
 * Rejection sampling on 24-bit draws keeps every serial equally likely (16,000,000 is the
 * largest multiple of 10^6 below 2^24). The source is injected so tests can be deterministic;
 * production uses `newPinCandidate`.
 */
export function generatePinCandidate(prefix: string, randomBytes: (size: number) => Uint8Array): string {
  if (!SIX_DIGITS.test(prefix)) {
    throw invalid('pin_prefix_malformed', 'prefix', {
      vi: 'Tiền tố số định danh phải gồm 6 chữ số.',
      en: 'A PIN prefix must be 6 digits.',
    });
  }
  for (;;) {
    const b = randomBytes(3);
    const n = ((b[0] ?? 0) << 16) | ((b[1] ?? 0) << 8) | (b[2] ?? 0);
    if (n < 16 * PIN_SERIAL_SPACE) return prefix + String(n % PIN_SERIAL_SPACE).padStart(6, '0');
  }
}

/**
 * A fresh candidate from `node:crypto`. The caller makes it a PIN by inserting it into the
 * unique `pin_registry`; on a unique violation it draws again (a prefix holds 10^6 numbers, so
 * even a prefix that is 90 % used needs 10 draws on average — cap the retries, e.g. at 50, and
 * report exhaustion rather than loop).
 */
export function newPinCandidate(prefix: string): string {
  return generatePinCandidate(prefix, cryptoRandomBytes);
}

// ---------------------------------------------------------------------------------------------
// CLI hook: `dancu pin check <pin> [--dob YYYY[-MM[-DD]]] [--sex M|F]`

export interface PinCheckCommandOptions {
  dob?: string;
  sex?: string;
  /** Defaults to the current calendar year; PINs encoding a later year are rejected. */
  currentYear?: number;
}

export interface PinCheckOutput {
  valid: boolean;
  province: PinOrigin | null;
  sex: Sex | null;
  birthYear: number | null;
  errors: { code: string; message: Message }[];
}

const PARTIAL_DATE = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/;

/** The year of a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) that exists in the calendar. */
export function yearOfPartialDate(text: string): number | undefined {
  const m = PARTIAL_DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return year;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return year;
  const day = Number(m[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth ? year : undefined;
}

/**
 * Runs the PIN check for the command line. Exit code 0 = valid, 1 = the PIN is invalid or
 * disagrees with --dob/--sex, 2 = an option is malformed (nothing could be compared).
 * Messages are objects `{ vi, en }`, the same shape the HTTP API uses.
 */
export function pinCheckCommand(
  pin: string,
  opts: PinCheckCommandOptions,
): { output: PinCheckOutput; exitCode: number } {
  const optionErrors: { code: string; message: Message }[] = [];
  const record: PinRecord = {};
  if (opts.dob !== undefined) {
    const year = yearOfPartialDate(opts.dob);
    if (year === undefined) {
      optionErrors.push({
        code: 'dob_malformed',
        message: {
          vi: `Ngày sinh "${opts.dob}" không hợp lệ; dùng YYYY, YYYY-MM hoặc YYYY-MM-DD.`,
          en: `Date of birth "${opts.dob}" is not valid; use YYYY, YYYY-MM or YYYY-MM-DD.`,
        },
      });
    } else record.birthYear = year;
  }
  if (opts.sex !== undefined) {
    const sex = opts.sex.toUpperCase();
    if (sex === 'M' || sex === 'F') record.sex = sex;
    else
      optionErrors.push({
        code: 'sex_malformed',
        message: { vi: `Giới tính "${opts.sex}" phải là M hoặc F.`, en: `Sex "${opts.sex}" must be M or F.` },
      });
  }
  const check = validatePin(pin, record, { currentYear: opts.currentYear ?? new Date().getFullYear() });
  const errors = [...optionErrors, ...check.errors.map(({ code, message }) => ({ code, message }))];
  const output: PinCheckOutput = {
    valid: errors.length === 0,
    province: check.province ?? null,
    sex: check.sex ?? null,
    birthYear: check.birthYear ?? null,
    errors,
  };
  return { output, exitCode: optionErrors.length > 0 ? 2 : check.valid ? 0 : 1 };
}
