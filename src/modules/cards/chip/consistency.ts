/**
 * Cross-checks inside a chip that passive authentication alone does not make: the SOD proves the
 * files are the issuer's, not that the issuer wrote DG1 and DG13 alike, nor that the PIN fits the
 * holder. Both are cheap and catch a production fault or a forged issuer.
 *
 * The MRZ is read here by fixed positions (ICAO 9303 part 5, TD1) for just the fields compared;
 * cards/documents/mrz.ts `parseMrz` reads the whole zone with its check digits and could take
 * over this once its API is settled. Conventions follow it: `991231` or `<<<<<<` as the expiry
 * means "no expiry"; `<` in the birth date stands for an unknown day or month.
 */
import { printedDate } from '../../../kernel/partial-date.js';
import { checkIssue, type CheckIssue } from '../check-issue.js';
import type { Dg13Fields } from './dg13.js';

interface MrzFacts {
  /** Positions 16–27 of line 1 when they are 12 digits, else null. */
  pin: string | null;
  /** Positions 6–14 of line 1: the last 9 digits of the PIN. */
  documentNumber: string;
  /** Line 2, positions 1–6. */
  birth: string;
  /** Line 2, position 8. */
  sex: string;
  /** Line 2, positions 9–14. */
  expiry: string;
}

const NO_EXPIRY = ['991231', '<<<<<<'];

function mrzFacts(mrz: string): MrzFacts | null {
  const [line1, line2] = mrz.split('\n');
  if (line1?.length !== 30 || line2?.length !== 30) return null;
  const optional = line1.slice(15, 27);
  return {
    pin: /^\d{12}$/.test(optional) ? optional : null,
    documentNumber: line1.slice(5, 14),
    birth: line2.slice(0, 6),
    sex: line2.charAt(7),
    expiry: line2.slice(8, 14),
  };
}

/** YYYY-MM-DD (or YYYY-MM, YYYY) → the MRZ's YYMMDD with `<` for what is unknown. */
function toMrzDate(iso: string): string {
  const [y = '', m = '<<', d = '<<'] = iso.split('-');
  return `${y.slice(2)}${m}${d}`;
}

const showMrzDate = (s: string) => `${s.slice(4, 6)}/${s.slice(2, 4)}/${s.slice(0, 2)}`;

/** DG1 against DG13: PIN, birth date, sex, expiry. Needs both decoded. */
export function compareMrzWithDg13(mrz: string, dg13: Partial<Dg13Fields>): CheckIssue[] {
  const facts = mrzFacts(mrz);
  if (facts === null) return [];
  const issues: CheckIssue[] = [];
  const mismatch = (field: string, vi: string, en: string, mrzValue: string, dg13Value: string) =>
    issues.push(
      checkIssue(
        'chip_mrz_dg13_mismatch',
        `dg13.${field}`,
        `${vi} trong MRZ (DG1) là ${mrzValue}, trong DG13 là ${dg13Value}.`,
        `The ${en} is ${mrzValue} in the MRZ (DG1) but ${dg13Value} in DG13.`,
      ),
    );
  if (dg13.pin !== undefined) {
    if (facts.pin !== null && facts.pin !== dg13.pin)
      mismatch('pin', 'Số định danh cá nhân', 'personal ID number', facts.pin, dg13.pin);
    else if (facts.documentNumber !== dg13.pin.slice(3))
      mismatch(
        'pin',
        'Số giấy tờ (9 số cuối của số định danh)',
        'document number (last 9 PIN digits)',
        facts.documentNumber,
        dg13.pin.slice(3),
      );
  }
  if (dg13.birthDate !== undefined && toMrzDate(dg13.birthDate) !== facts.birth) {
    mismatch(
      'birthDate',
      'Ngày sinh',
      'date of birth',
      showMrzDate(facts.birth),
      printedDate(dg13.birthDate),
    );
  }
  if (dg13.sex !== undefined && facts.sex !== dg13.sex) {
    mismatch('sex', 'Giới tính', 'sex', facts.sex, dg13.sex);
  }
  if (dg13.expiryDate !== undefined) {
    const mrzNone = NO_EXPIRY.includes(facts.expiry);
    if (dg13.expiryDate === null ? !mrzNone : mrzNone || toMrzDate(dg13.expiryDate) !== facts.expiry) {
      const inMrz = mrzNone ? 'không thời hạn / none' : showMrzDate(facts.expiry);
      const inDg13 =
        dg13.expiryDate === null ? 'không thời hạn / none' : printedDate(dg13.expiryDate);
      mismatch('expiryDate', 'Ngày hết hạn', 'expiry date', inMrz, inDg13);
    }
  }
  return issues;
}

/**
 * The PIN's own structure against DG13 (domain §1; the same rule as people/pin.ts, restated here
 * to keep this library free of the people module's services): 12 digits; the 4th encodes century
 * and sex (even male, odd female; 0/1 → 1900s, 2/3 → 2000s, … up to 8/9 → 2300s); the 5th–6th
 * are the birth year's last two digits.
 */
export function checkPinStructure(dg13: Partial<Dg13Fields>): CheckIssue[] {
  const pin = dg13.pin;
  if (pin === undefined) return [];
  const issue = (vi: string, en: string) => checkIssue('chip_pin_structure', 'dg13.pin', vi, en);
  if (!/^\d{12}$/.test(pin))
    return [
      issue(
        `Số định danh cá nhân "${pin}" không gồm đúng 12 chữ số.`,
        `The personal ID number "${pin}" is not exactly 12 digits.`,
      ),
    ];
  const centuryDigit = Number(pin[3]);
  const issues: CheckIssue[] = [];
  const pinSex = centuryDigit % 2 === 0 ? 'M' : 'F';
  if (dg13.sex !== undefined && dg13.sex !== pinSex) {
    issues.push(
      issue(
        `Chữ số thứ 4 của số định danh (${centuryDigit}) chỉ giới tính ${pinSex === 'M' ? 'nam' : 'nữ'}, nhưng DG13 ghi ${dg13.sex === 'M' ? 'Nam' : 'Nữ'}.`,
        `The PIN's 4th digit (${centuryDigit}) means ${pinSex === 'M' ? 'male' : 'female'}, but DG13 says ${dg13.sex === 'M' ? 'male' : 'female'}.`,
      ),
    );
  }
  const pinYear = 1900 + 100 * Math.floor(centuryDigit / 2) + Number(pin.slice(4, 6));
  const birthYear = dg13.birthDate === undefined ? NaN : Number(dg13.birthDate.slice(0, 4));
  if (!Number.isNaN(birthYear) && birthYear !== pinYear) {
    issues.push(
      issue(
        `Chữ số thứ 4–6 của số định danh (${pin.slice(3, 6)}) chỉ năm sinh ${pinYear}, nhưng DG13 ghi năm ${birthYear}.`,
        `The PIN's digits 4–6 (${pin.slice(3, 6)}) mean birth year ${pinYear}, but DG13 says ${birthYear}.`,
      ),
    );
  }
  return issues;
}
