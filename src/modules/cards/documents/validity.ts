/**
 * How long an ID card is valid, and which application a person needs now (domain §4; Law on
 * Identification 2023, art. 21 and 24). Pure functions on ISO dates (`YYYY-MM-DD`), no clock:
 * callers pass `today` (in Vietnam, see `todayInVietnam`).
 *
 * - Renewal ages are 14, 25, 40 and 60. The card runs out on the holder's birthday at the next
 *   renewal age; a card issued within 2 years before a renewal age runs to the one after it;
 *   from 60 (so also when issued from the 58th birthday) it has no expiry.
 * - "Within 2 years before age A" is read inclusively: a card issued on the (A−2)th birthday or
 *   later runs to the age after A. The law's wording ("trong thời hạn 02 năm trước tuổi") does
 *   not settle the boundary day; inclusive favours the citizen.
 * - 29 February births: in a year without 29 February the birthday is taken to be 28 February,
 *   following the Civil Code's rule that a period whose end day does not exist in the final month
 *   ends on that month's last day. 1 March would be the other reading; 28 February keeps the
 *   expiry inside the month printed as the birth month.
 */
import { invalid, type Message } from '../../../kernel/errors.js';
import { ageOn as registryAgeOn, birthdayDayIn } from '../../../kernel/partial-date.js';

export type RenewalAge = 14 | 25 | 40 | 60;
export const RENEWAL_AGES: readonly RenewalAge[] = [14, 25, 40, 60];
/** A card issued this many years or less before a renewal age runs to the next one. */
export const EARLY_ISSUE_YEARS = 2;
/** A card is mandatory from this age, optional below. */
export const MANDATORY_FROM_AGE = 14;
/** Below this age no photo and no biometrics are captured. */
export const BIOMETRICS_FROM_AGE = 6;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (MONTH_DAYS[m - 1] ?? 0);
}

/** True when y-m-d is a day of the Gregorian calendar (our own leap rule: `Date.UTC` maps years 0–99 to 19xx). */
export function isCalendarDate(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m)
  );
}

function parseIso(text: string): Ymd | undefined {
  const m = typeof text === 'string' ? ISO_DATE.exec(text) : null;
  if (!m) return undefined;
  const ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return isCalendarDate(ymd.y, ymd.m, ymd.d) ? ymd : undefined;
}

/** True for a full, real ISO date `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  return parseIso(text) !== undefined;
}

function iso({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `YYYY-MM-DD` → `dd/mm/yyyy`, the way dates are written in Vietnamese messages. */
export function viDate(isoDate: string): string {
  const m = ISO_DATE.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDate;
}

function birthdayIn(birth: Ymd, year: number): Ymd {
  return { y: year, m: birth.m, d: birthdayDayIn(birth.m, birth.d, year) };
}

function requireDate(text: string, field: string): Ymd {
  const d = parseIso(text);
  if (!d) {
    throw invalid('date_malformed', field, {
      vi: `Ngày "${String(text)}" không hợp lệ: cần ngày đầy đủ YYYY-MM-DD.`,
      en: `"${String(text)}" is not a valid date: a full YYYY-MM-DD date is needed.`,
    });
  }
  return d;
}

/** The holder's birthday at `age` (29 February → 28 February in other years). Throws `invalid` on a malformed date. */
export function birthdayAt(birthDate: string, age: number): string {
  const birth = requireDate(birthDate, 'birthDate');
  return iso(birthdayIn(birth, birth.y + age));
}

/** Full years of age on `date`, by the registry's one age rule, for full dates only (throws `invalid` otherwise). */
export function ageOn(birthDate: string, date: string): number {
  const birth = requireDate(birthDate, 'birthDate');
  return registryAgeOn({ year: birth.y, month: birth.m, day: birth.d }, iso(requireDate(date, 'date')));
}

/**
 * The expiry printed on a card issued on `issueDate`, or null when it has none (domain §4).
 * Throws `invalid` when a date is malformed or the card would be issued before birth.
 */
export function cardExpiry(birthDate: string, issueDate: string): string | null {
  const birth = requireDate(birthDate, 'birthDate');
  const issued = iso(requireDate(issueDate, 'issueDate'));
  if (issued < iso(birth)) {
    throw invalid('issue_before_birth', 'issueDate', {
      vi: `Ngày cấp ${viDate(issued)} trước ngày sinh ${viDate(iso(birth))}.`,
      en: `Issue date ${issued} is before the birth date ${iso(birth)}.`,
    });
  }
  const at = (age: number) => iso(birthdayIn(birth, birth.y + age));
  const ahead = RENEWAL_AGES.filter((age) => at(age) > issued);
  const next = ahead[0];
  if (next === undefined) return null;
  const runsTo = at(next - EARLY_ISSUE_YEARS) <= issued ? ahead[1] : next;
  return runsTo === undefined ? null : at(runsTo);
}

/** The latest renewal age reached by `today`, or null under 14. */
export function renewalAgeReached(birthDate: string, today: string): RenewalAge | null {
  const age = ageOn(birthDate, today);
  return [...RENEWAL_AGES].reverse().find((a) => a <= age) ?? null;
}

/**
 * The renewal age at which the card issued on `cardIssueDate` ran out, when the holder has reached
 * it by `today` (renewal is then mandatory); null while the card is still within its validity or
 * when it has no expiry.
 */
export function renewalAgeDue(birthDate: string, today: string, cardIssueDate: string): RenewalAge | null {
  const expiry = cardExpiry(birthDate, cardIssueDate);
  if (expiry === null || iso(requireDate(today, 'today')) < expiry) return null;
  // cardExpiry only returns birthdays at a renewal age.
  return ageOn(birthDate, expiry) as RenewalAge;
}

// ---------------------------------------------------------------------------------------------
// Which application fits now

export type CardReasonCode =
  | 'renewal_age'
  | 'data_changed'
  | 'printing_error'
  | 'unit_changed'
  | 'pin_reestablished'
  | 'on_request'
  | 'lost'
  | 'damaged'
  | 'nationality_regained';

export type CurrentCardStatus = 'pending' | 'valid' | 'expired' | 'revoked' | 'replaced';

export interface ApplicationCaseInput {
  birthDate: string;
  today: string;
  /** The card the person holds now (the last delivered one not replaced), or null. */
  currentCard: { issueDate: string; expiryDate: string | null; status: CurrentCardStatus } | null;
  reason?: CardReasonCode;
}

export interface CaseDecision {
  case: 'first_issue' | 'renewal' | 'reissue';
  mandatory: boolean;
  biometrics: boolean;
  reason: Message;
}

export interface CaseRefusal {
  refused: { code: string; message: Message };
}

export type CaseResult = CaseDecision | CaseRefusal;

const REASON_LABELS: Record<CardReasonCode, Message> = {
  renewal_age: { vi: 'đủ tuổi đổi thẻ', en: 'renewal age reached' },
  data_changed: { vi: 'thay đổi thông tin nhân thân', en: 'identity data changed' },
  printing_error: { vi: 'thẻ có sai sót thông tin', en: 'printing error' },
  unit_changed: { vi: 'thay đổi đơn vị hành chính', en: 'administrative-unit change' },
  pin_reestablished: { vi: 'xác lập lại số định danh cá nhân', en: 'PIN re-established' },
  on_request: { vi: 'theo yêu cầu', en: 'on request' },
  lost: { vi: 'mất thẻ', en: 'card lost' },
  damaged: { vi: 'thẻ hư hỏng', en: 'card damaged' },
  nationality_regained: { vi: 'được trở lại quốc tịch Việt Nam', en: 'Vietnamese nationality regained' },
};

/** Renewal reasons that the free renewal at a renewal age also covers (same procedure, no fee). */
const COVERED_BY_AGE_RENEWAL: ReadonlySet<CardReasonCode> = new Set([
  'renewal_age',
  'printing_error',
  'unit_changed',
  'pin_reestablished',
]);

type ReissueReason = 'lost' | 'damaged' | 'nationality_regained';
const REISSUE_GROUNDS: Record<ReissueReason, Message> = {
  lost: { vi: 'Thẻ bị mất', en: 'The card was lost' },
  damaged: { vi: 'Thẻ bị hư hỏng không sử dụng được', en: 'The card is damaged beyond use' },
  nationality_regained: {
    vi: 'Công dân được trở lại quốc tịch Việt Nam',
    en: 'The person regained Vietnamese nationality',
  },
};

function isReissueReason(reason: CardReasonCode | undefined): reason is ReissueReason {
  return reason !== undefined && reason in REISSUE_GROUNDS;
}

function refuse(code: string, vi: string, en: string): CaseRefusal {
  return { refused: { code, message: { vi, en } } };
}

function decide(
  kind: CaseDecision['case'],
  mandatory: boolean,
  age: number,
  vi: string,
  en: string,
): CaseDecision {
  return { case: kind, mandatory, biometrics: age >= BIOMETRICS_FROM_AGE, reason: { vi, en } };
}

/**
 * Which application a person needs now: first issue, renewal (đổi) or re-issue (cấp lại), whether
 * it is mandatory, whether biometrics are captured, and why — or why nothing can be filed. A
 * reason that does not fit is refused with the procedure that does, so the desk never files the
 * wrong (or a paid instead of a free) procedure. Never throws on bad dates: they are refusals.
 *
 * - No card: first issue, whatever reason was picked (the reason is said not to apply).
 * - A card that has run out (its expiry, the renewal birthday, is today or past): the age
 *   renewal, which also covers a printing error, a re-established PIN or a unit change; a lost or
 *   damaged card or a paid reason is refused in favour of it, as the age renewal is free and
 *   records changed data anyway. Regained nationality always re-issues.
 * - A revoked card is only followed by a re-issue on a ground (lost, damaged, nationality).
 * - Mandatory: first issue and re-issue from 14; renewal at an age, for changed data, a printing
 *   error or a re-established PIN. Optional: under 14, a unit change, on request.
 */
export function applicationCase(input: ApplicationCaseInput): CaseResult {
  const birth = parseIso(input.birthDate);
  const today = parseIso(input.today);
  if (!birth) {
    return refuse(
      'birth_date_incomplete',
      'Ngày sinh chưa đầy đủ ngày, tháng, năm: bổ sung trong hồ sơ trước khi làm thẻ (thẻ in ngày sinh đầy đủ).',
      'The birth date is not a full day, month and year: complete the record first (the card prints the full date).',
    );
  }
  if (!today)
    return refuse(
      'date_malformed',
      `Ngày hiện tại "${String(input.today)}" không hợp lệ.`,
      `Today's date "${String(input.today)}" is not valid.`,
    );
  if (iso(birth) > iso(today))
    return refuse('birth_date_in_future', 'Ngày sinh sau ngày hiện tại.', 'The birth date is after today.');
  const age = ageOn(iso(birth), iso(today));
  const card = input.currentCard;
  if (card === null) return firstIssue(age, input.reason);
  if (card.status === 'pending')
    return refuse(
      'card_pending',
      'Công dân có thẻ chưa trả: trả thẻ đó trước khi làm hồ sơ mới.',
      'The person has a card not yet delivered: deliver it before a new application.',
    );
  if (card.status === 'replaced')
    return refuse(
      'card_replaced',
      'Thẻ được chọn đã được thay bằng thẻ mới: xét theo thẻ đang dùng.',
      'The card given has been replaced by a newer one: decide on the card in use.',
    );
  const reason = input.reason;
  if (isReissueReason(reason)) {
    // A lost or damaged card that has run out anyway is replaced by the (free) age renewal;
    // regained nationality always re-issues (the card was revoked when nationality was lost).
    const due = reason === 'nationality_regained' ? undefined : dueRenewal(iso(birth), iso(today), card);
    return due ? renewalAgeInstead(due, reason) : reissue(age, reason);
  }
  if (card.status === 'revoked') {
    return refuse(
      'card_revoked',
      'Thẻ hiện tại đã bị thu hồi: chỉ cấp lại khi có căn cứ (mất thẻ, được trở lại quốc tịch Việt Nam…); chọn lý do cấp lại.',
      'The current card was revoked: a new one is only re-issued on a ground (card lost, nationality regained…); choose the re-issue reason.',
    );
  }
  const due = dueRenewal(iso(birth), iso(today), card);
  if (due)
    return reason === undefined || COVERED_BY_AGE_RENEWAL.has(reason)
      ? renewalAtAge(due, reason, age)
      : renewalAgeInstead(due, reason);
  return renewalOnGround(age, card.expiryDate, reason);
}

function firstIssue(age: number, reason: CardReasonCode | undefined): CaseDecision {
  const note: Message =
    reason === undefined
      ? { vi: '', en: '' }
      : {
          vi: ` Lý do "${REASON_LABELS[reason].vi}" không áp dụng vì công dân chưa có thẻ.`,
          en: ` The reason "${REASON_LABELS[reason].en}" does not apply: the person has no card.`,
        };
  if (age >= MANDATORY_FROM_AGE) {
    return decide(
      'first_issue',
      true,
      age,
      `Công dân từ đủ 14 tuổi chưa có thẻ căn cước: cấp thẻ lần đầu là bắt buộc.${note.vi}`,
      `The person is 14 or older and has no ID card: a first issue is mandatory.${note.en}`,
    );
  }
  if (age >= BIOMETRICS_FROM_AGE) {
    return decide(
      'first_issue',
      false,
      age,
      `Công dân dưới 14 tuổi: cấp thẻ lần đầu theo yêu cầu, không bắt buộc; thu nhận ảnh khuôn mặt, vân tay và mống mắt.${note.vi}`,
      `The person is under 14: a first card is issued on request, not mandatory; face, fingerprints and iris are captured.${note.en}`,
    );
  }
  return decide(
    'first_issue',
    false,
    age,
    `Trẻ dưới 6 tuổi: cấp thẻ lần đầu theo yêu cầu của cha, mẹ hoặc người giám hộ, không bắt buộc; không thu nhận ảnh và sinh trắc học.${note.vi}`,
    `The child is under 6: a first card is issued on a parent's or guardian's request, not mandatory; no photo or biometrics are captured.${note.en}`,
  );
}

interface Due {
  /** Null when the stored expiry is missing or unreadable but the card is marked expired. */
  expiry: string | null;
  /** The holder's age on the expiry day (a renewal age on a well-formed card). */
  age: number | null;
}

/** The card has run out, or runs out today: the expiry is the renewal birthday itself, when renewal is due. */
function dueRenewal(
  birth: string,
  today: string,
  card: { expiryDate: string | null; status: CurrentCardStatus },
): Due | undefined {
  const expiry = card.expiryDate !== null && isIsoDate(card.expiryDate) ? card.expiryDate : null;
  if (expiry === null) return card.status === 'expired' ? { expiry: null, age: null } : undefined;
  if (expiry > today && card.status !== 'expired') return undefined;
  return { expiry, age: expiry >= birth ? ageOn(birth, expiry) : null };
}

function ranOut(due: Due): Message {
  if (due.expiry === null) return { vi: 'Thẻ hiện tại đã hết hạn', en: 'The current card has expired' };
  return due.age !== null && (RENEWAL_AGES as readonly number[]).includes(due.age)
    ? {
        vi: `Thẻ hiện tại hết giá trị khi công dân đủ ${due.age} tuổi (${viDate(due.expiry)})`,
        en: `The current card ran out when the holder turned ${due.age} (${due.expiry})`,
      }
    : {
        vi: `Thẻ hiện tại hết hạn ngày ${viDate(due.expiry)}`,
        en: `The current card expired on ${due.expiry}`,
      };
}

function renewalAtAge(due: Due, reason: CardReasonCode | undefined, age: number): CaseDecision {
  const lead = ranOut(due);
  const also =
    reason === undefined || reason === 'renewal_age'
      ? { vi: '', en: '' }
      : {
          vi: ` Lần đổi này cũng xử lý lý do "${REASON_LABELS[reason].vi}".`,
          en: ` This renewal also covers the reason "${REASON_LABELS[reason].en}".`,
        };
  return decide(
    'renewal',
    true,
    age,
    `${lead.vi}: đổi thẻ là bắt buộc.${also.vi}`,
    `${lead.en}: renewal is mandatory.${also.en}`,
  );
}

function renewalAgeInstead(due: Due, reason: CardReasonCode): CaseRefusal {
  const lead = ranOut(due);
  const label = REASON_LABELS[reason];
  return refuse(
    'renewal_age_due',
    `${lead.vi}: làm thủ tục đổi thẻ khi đủ tuổi (không chọn lý do "${label.vi}"); thẻ mới cập nhật luôn thông tin thay đổi.`,
    `${lead.en}: file the renewal at the renewal age instead (without the reason "${label.en}"); the new card also carries any changed data.`,
  );
}

function reissue(age: number, reason: ReissueReason): CaseDecision {
  const why = REISSUE_GROUNDS[reason];
  return age >= MANDATORY_FROM_AGE
    ? decide(
        'reissue',
        true,
        age,
        `${why.vi}: cấp lại thẻ là bắt buộc với công dân từ đủ 14 tuổi.`,
        `${why.en}: a re-issue is mandatory from age 14.`,
      )
    : decide(
        'reissue',
        false,
        age,
        `${why.vi}: cấp lại thẻ theo yêu cầu, không bắt buộc với người dưới 14 tuổi.`,
        `${why.en}: a re-issue on request, not mandatory under 14.`,
      );
}

function validUntil(expiry: string | null): Message {
  return expiry === null
    ? { vi: 'Thẻ hiện tại không có thời hạn', en: 'The current card has no expiry' }
    : {
        vi: `Thẻ hiện tại còn giá trị đến ${viDate(expiry)}`,
        en: `The current card is valid until ${expiry}`,
      };
}

function renewalOnGround(age: number, expiry: string | null, reason: CardReasonCode | undefined): CaseResult {
  const still = validUntil(expiry);
  switch (reason) {
    case undefined:
      return refuse(
        'card_still_valid',
        `${still.vi}: chỉ đổi hoặc cấp lại khi có lý do (mất, hư hỏng, thay đổi thông tin, theo yêu cầu…).`,
        `${still.en}: a renewal or re-issue needs a reason (lost, damaged, data changed, on request…).`,
      );
    case 'renewal_age':
      return refuse(
        'renewal_age_not_reached',
        `${still.vi}: chưa đến tuổi đổi thẻ.`,
        `${still.en}: no renewal age has been reached.`,
      );
    case 'data_changed':
      return decide(
        'renewal',
        true,
        age,
        'Thông tin nhân thân in trên thẻ đã thay đổi (họ, chữ đệm, tên, ngày sinh, giới tính…): đổi thẻ là bắt buộc.',
        'Identity data printed on the card changed (name, birth date, sex…): renewal is mandatory.',
      );
    case 'printing_error':
      return decide(
        'renewal',
        true,
        age,
        'Thẻ có sai sót thông tin: đổi thẻ để sửa là bắt buộc, không thu phí.',
        'The card has a printing error: a renewal to correct it is mandatory and free.',
      );
    case 'pin_reestablished':
      return decide(
        'renewal',
        true,
        age,
        'Số định danh cá nhân đã được xác lập lại: thẻ đang mang số cũ nên phải đổi.',
        'The personal ID number was re-established: the card carries the old number and must be renewed.',
      );
    case 'unit_changed':
      return decide(
        'renewal',
        false,
        age,
        'Đơn vị hành chính nơi cư trú thay đổi: đổi thẻ theo yêu cầu của công dân, không bắt buộc.',
        "The administrative unit of residence changed: a renewal on the holder's request, not mandatory.",
      );
    case 'on_request':
      return decide(
        'renewal',
        false,
        age,
        'Công dân đề nghị đổi thẻ: không bắt buộc.',
        'The holder asks for a renewal: not mandatory.',
      );
    default:
      return reissue(age, reason);
  }
}

/** Age on `today` from a record's birth date, which may be a year or a month only: counted from its last possible day (never older than the person may be). */
export function ageOfRecord(birthDate: string, today: string): number {
  const full = /^[0-9]{4}$/.test(birthDate) ? `${birthDate}-12-31` : /^[0-9]{4}-[0-9]{2}$/.test(birthDate) ? `${birthDate}-28` : birthDate;
  return ageOn(full, today);
}
