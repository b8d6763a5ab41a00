import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../kernel/errors.js';
import {
  ageOn,
  applicationCase,
  birthdayAt,
  cardExpiry,
  RENEWAL_AGES,
  renewalAgeDue,
  renewalAgeReached,
  type ApplicationCaseInput,
  type CaseResult,
} from './validity.js';

const isoDay = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

describe('ageOn / birthdayAt', () => {
  it('counts full years, the birthday included', () => {
    expect(ageOn('2000-05-10', '2025-05-09')).toBe(24);
    expect(ageOn('2000-05-10', '2025-05-10')).toBe(25);
    expect(ageOn('2000-05-10', '2000-05-10')).toBe(0);
  });

  it('29 February births have their birthday on 28 February in other years', () => {
    expect(birthdayAt('2004-02-29', 25)).toBe('2029-02-28');
    expect(birthdayAt('2004-02-29', 40)).toBe('2044-02-29');
    expect(ageOn('2004-02-29', '2029-02-27')).toBe(24);
    expect(ageOn('2004-02-29', '2029-02-28')).toBe(25);
    expect(ageOn('2004-02-29', '2028-02-28')).toBe(23);
    expect(ageOn('2004-02-29', '2028-02-29')).toBe(24);
  });

  it('refuses malformed dates', () => {
    expect(() => ageOn('2000-02-30', '2020-01-01')).toThrow(AppError);
    expect(() => birthdayAt('2000', 14)).toThrow(expect.objectContaining({ code: 'date_malformed' }));
  });
});

describe('cardExpiry', () => {
  const table: Array<[birth: string, issued: string, expiry: string | null, why: string]> = [
    ['2000-05-10', '2020-01-01', '2025-05-10', 'at 19: runs to 25'],
    ['2000-05-10', '2024-01-01', '2040-05-10', 'within 2 years before 25: runs to 40'],
    ['2000-05-10', '2023-05-10', '2040-05-10', 'on the 23rd birthday: within (inclusive)'],
    ['2000-05-10', '2023-05-09', '2025-05-10', 'the day before the 23rd birthday: not within'],
    ['2000-05-10', '2025-05-10', '2040-05-10', 'on the 25th birthday: the next age is 40'],
    ['2000-05-10', '2025-05-09', '2040-05-10', 'the day before 25'],
    ['2000-05-10', '2038-05-10', '2060-05-10', 'within 2 years before 40: runs to 60'],
    ['1960-03-01', '2021-03-01', null, 'at 61: no expiry'],
    ['1960-03-01', '2018-03-01', null, 'on the 58th birthday: within 2 years before 60, no expiry'],
    ['1960-03-01', '2018-02-28', '2020-03-01', 'the day before the 58th birthday: runs to 60'],
    ['1985-01-01', '2021-06-30', '2025-01-01', 'at 36: runs to 40'],
    ['2015-01-01', '2020-01-01', '2029-01-01', 'a child of 5: runs to 14'],
    ['2015-01-01', '2027-06-01', '2040-01-01', 'a child of 12: within 2 years before 14, runs to 25'],
    ['2024-01-01', '2024-01-01', '2038-01-01', 'a newborn: runs to 14'],
    ['2004-02-29', '2020-01-01', '2029-02-28', '29 February, 25th birthday in a common year'],
    [
      '2004-02-29',
      '2027-02-28',
      '2044-02-29',
      '29 February, issued on the 23rd birthday (28 Feb 2027): runs to 40, a leap year',
    ],
    ['2004-02-29', '2027-02-27', '2029-02-28', '29 February, the day before'],
  ];
  it.each(table)('born %s, issued %s → %s (%s)', (birth, issued, expiry) => {
    expect(cardExpiry(birth, issued)).toBe(expiry);
  });

  it('refuses malformed dates and issue before birth', () => {
    expect(() => cardExpiry('2000-05-10', '2000-05-09')).toThrow(
      expect.objectContaining({ code: 'issue_before_birth' }),
    );
    expect(() => cardExpiry('2000-13-10', '2020-01-01')).toThrow(
      expect.objectContaining({ code: 'date_malformed' }),
    );
    expect(() => cardExpiry('2000-05-10', '')).toThrow(AppError);
  });

  it('is the birthday at a renewal age, skipping an age only when issued within 2 years before it; none from 58', () => {
    fc.assert(
      fc.property(
        isoDay('1920-01-01', '2060-12-31'),
        fc.integer({ min: 0, max: 90 * 365 }),
        (birth, days) => {
          const issued = plusDays(birth, days);
          const expiry = cardExpiry(birth, issued);
          if (expiry === null) {
            expect(issued >= birthdayAt(birth, 58)).toBe(true);
            return;
          }
          const age = ageOn(birth, expiry);
          expect(RENEWAL_AGES).toContain(age);
          expect(expiry).toBe(birthdayAt(birth, age));
          expect(expiry > issued).toBe(true);
          for (const skipped of RENEWAL_AGES.filter((a) => a < age && birthdayAt(birth, a) > issued)) {
            expect(issued >= birthdayAt(birth, skipped - 2)).toBe(true);
          }
          const previous = RENEWAL_AGES.filter((a) => a < age).at(-1);
          if (previous !== undefined && birthdayAt(birth, previous) > issued)
            expect(ageOn(birth, issued)).toBeGreaterThanOrEqual(previous - 2);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('renewalAgeReached / renewalAgeDue', () => {
  it('the latest renewal age reached', () => {
    expect(renewalAgeReached('2000-05-10', '2014-05-09')).toBeNull();
    expect(renewalAgeReached('2000-05-10', '2014-05-10')).toBe(14);
    expect(renewalAgeReached('2000-05-10', '2039-12-31')).toBe(25);
    expect(renewalAgeReached('1950-05-10', '2025-01-01')).toBe(60);
  });

  it('the renewal age at which a card ran out, once reached', () => {
    expect(renewalAgeDue('2000-05-10', '2025-05-09', '2020-01-01')).toBeNull();
    expect(renewalAgeDue('2000-05-10', '2025-05-10', '2020-01-01')).toBe(25);
    expect(renewalAgeDue('2000-05-10', '2030-01-01', '2024-01-01')).toBeNull();
    expect(renewalAgeDue('1950-05-10', '2099-01-01', '2015-01-01')).toBeNull();
    expect(renewalAgeDue('2012-03-01', '2026-03-01', '2020-01-01')).toBe(14);
  });
});

describe('applicationCase', () => {
  const TODAY = '2026-01-05';
  const card = (
    issueDate: string,
    expiryDate: string | null,
    status: 'valid' | 'expired' | 'revoked' | 'replaced' | 'pending' = 'valid',
  ) => ({ issueDate, expiryDate, status });
  const decide = (input: Partial<ApplicationCaseInput> & { birthDate: string }): CaseResult =>
    applicationCase({ today: TODAY, currentCard: null, ...input });
  const refusal = (r: CaseResult) => ('refused' in r ? r.refused.code : undefined);

  it('first issue: mandatory from 14, optional below, no biometrics under 6', () => {
    expect(decide({ birthDate: '2006-01-01' })).toMatchObject({
      case: 'first_issue',
      mandatory: true,
      biometrics: true,
    });
    expect(decide({ birthDate: '2012-01-05' })).toMatchObject({ case: 'first_issue', mandatory: true });
    expect(decide({ birthDate: '2012-01-06' })).toMatchObject({
      case: 'first_issue',
      mandatory: false,
      biometrics: true,
    });
    expect(decide({ birthDate: '2020-01-05' })).toMatchObject({
      case: 'first_issue',
      mandatory: false,
      biometrics: true,
    });
    expect(decide({ birthDate: '2020-01-06' })).toMatchObject({
      case: 'first_issue',
      mandatory: false,
      biometrics: false,
    });
    expect(decide({ birthDate: '2025-12-30' })).toMatchObject({
      case: 'first_issue',
      biometrics: false,
      reason: {
        en: "The child is under 6: a first card is issued on a parent's or guardian's request, not mandatory; no photo or biometrics are captured.",
      },
    });
  });

  it('first issue even when a reason is given, saying the reason does not apply', () => {
    const r = decide({ birthDate: '2000-01-01', reason: 'lost' });
    expect(r).toMatchObject({ case: 'first_issue', mandatory: true });
    expect('reason' in r && r.reason.en).toContain('"card lost" does not apply');
  });

  it('renewal at the renewal age: mandatory, from the expiry day itself', () => {
    const born = '2001-01-05';
    expect(decide({ birthDate: born, currentCard: card('2021-06-01', '2026-01-05') })).toMatchObject({
      case: 'renewal',
      mandatory: true,
      biometrics: true,
      reason: {
        en: 'The current card ran out when the holder turned 25 (2026-01-05): renewal is mandatory.',
        vi: 'Thẻ hiện tại hết giá trị khi công dân đủ 25 tuổi (05/01/2026): đổi thẻ là bắt buộc.',
      },
    });
    expect(
      decide({
        birthDate: born,
        currentCard: card('2021-06-01', '2026-01-05', 'expired'),
        reason: 'renewal_age',
      }),
    ).toMatchObject({ case: 'renewal', mandatory: true });
    expect(
      decide({ birthDate: '2011-12-01', currentCard: card('2020-01-01', '2025-12-01', 'expired') }),
    ).toMatchObject({ case: 'renewal', mandatory: true });
  });

  it('a free-renewal reason rides on the age renewal; a paid or re-issue reason is refused for it', () => {
    const expired = card('2021-06-01', '2025-06-01', 'expired');
    const r = decide({ birthDate: '2000-06-01', currentCard: expired, reason: 'printing_error' });
    expect(r).toMatchObject({ case: 'renewal', mandatory: true });
    expect('reason' in r && r.reason.en).toContain('also covers the reason "printing error"');
    expect(refusal(decide({ birthDate: '2000-06-01', currentCard: expired, reason: 'lost' }))).toBe(
      'renewal_age_due',
    );
    expect(refusal(decide({ birthDate: '2000-06-01', currentCard: expired, reason: 'data_changed' }))).toBe(
      'renewal_age_due',
    );
    expect(refusal(decide({ birthDate: '2000-06-01', currentCard: expired, reason: 'on_request' }))).toBe(
      'renewal_age_due',
    );
  });

  it('re-issue when lost or damaged: mandatory from 14', () => {
    const valid = card('2022-01-01', '2040-06-01');
    expect(decide({ birthDate: '2000-06-01', currentCard: valid, reason: 'lost' })).toMatchObject({
      case: 'reissue',
      mandatory: true,
      biometrics: true,
      reason: { en: 'The card was lost: a re-issue is mandatory from age 14.' },
    });
    expect(decide({ birthDate: '2000-06-01', currentCard: valid, reason: 'damaged' })).toMatchObject({
      case: 'reissue',
      mandatory: true,
    });
    expect(
      decide({ birthDate: '2015-06-01', currentCard: card('2022-01-01', '2029-06-01'), reason: 'lost' }),
    ).toMatchObject({ case: 'reissue', mandatory: false });
    expect(
      decide({
        birthDate: '2000-06-01',
        currentCard: card('2022-01-01', '2025-06-01', 'revoked'),
        reason: 'nationality_regained',
      }),
    ).toMatchObject({ case: 'reissue' });
  });

  it('renewal for changed data (mandatory) or on request (optional)', () => {
    const valid = card('2022-01-01', '2040-06-01');
    expect(decide({ birthDate: '2000-06-01', currentCard: valid, reason: 'data_changed' })).toMatchObject({
      case: 'renewal',
      mandatory: true,
    });
    expect(
      decide({ birthDate: '2000-06-01', currentCard: valid, reason: 'pin_reestablished' }),
    ).toMatchObject({ case: 'renewal', mandatory: true });
    expect(decide({ birthDate: '2000-06-01', currentCard: valid, reason: 'printing_error' })).toMatchObject({
      case: 'renewal',
      mandatory: true,
    });
    expect(decide({ birthDate: '2000-06-01', currentCard: valid, reason: 'on_request' })).toMatchObject({
      case: 'renewal',
      mandatory: false,
    });
    expect(decide({ birthDate: '2000-06-01', currentCard: valid, reason: 'unit_changed' })).toMatchObject({
      case: 'renewal',
      mandatory: false,
    });
  });

  it('refusals, with the reason and what to do', () => {
    const valid = card('2022-01-01', '2040-06-01');
    expect(decide({ birthDate: '2000-06-01', currentCard: valid })).toEqual({
      refused: {
        code: 'card_still_valid',
        message: {
          vi: 'Thẻ hiện tại còn giá trị đến 01/06/2040: chỉ đổi hoặc cấp lại khi có lý do (mất, hư hỏng, thay đổi thông tin, theo yêu cầu…).',
          en: 'The current card is valid until 2040-06-01: a renewal or re-issue needs a reason (lost, damaged, data changed, on request…).',
        },
      },
    });
    expect(refusal(decide({ birthDate: '2000-06-01', currentCard: valid, reason: 'renewal_age' }))).toBe(
      'renewal_age_not_reached',
    );
    const senior = decide({ birthDate: '1950-06-01', currentCard: card('2015-01-01', null) });
    expect(senior).toMatchObject({
      refused: { code: 'card_still_valid', message: { en: expect.stringContaining('has no expiry') } },
    });
    expect(
      refusal(decide({ birthDate: '2000-06-01', currentCard: card('2022-01-01', '2040-06-01', 'pending') })),
    ).toBe('card_pending');
    expect(
      refusal(decide({ birthDate: '2000-06-01', currentCard: card('2022-01-01', '2040-06-01', 'replaced') })),
    ).toBe('card_replaced');
    expect(
      refusal(decide({ birthDate: '2000-06-01', currentCard: card('2022-01-01', '2040-06-01', 'revoked') })),
    ).toBe('card_revoked');
    expect(refusal(decide({ birthDate: '1950' }))).toBe('birth_date_incomplete');
    expect(refusal(decide({ birthDate: '1950-06' }))).toBe('birth_date_incomplete');
    expect(refusal(decide({ birthDate: '2026-02-01' }))).toBe('birth_date_in_future');
    expect(refusal(decide({ birthDate: '2000-01-01', today: 'soon' }))).toBe('date_malformed');
  });

  it('never throws, and always explains itself in both languages', () => {
    const reason = fc.option(
      fc.constantFrom(
        'renewal_age',
        'data_changed',
        'printing_error',
        'unit_changed',
        'pin_reestablished',
        'on_request',
        'lost',
        'damaged',
        'nationality_regained',
      ) as fc.Arbitrary<NonNullable<ApplicationCaseInput['reason']>>,
      { nil: undefined },
    );
    const status = fc.constantFrom(
      'pending',
      'valid',
      'expired',
      'revoked',
      'replaced',
    ) as fc.Arbitrary<'valid'>;
    const date = fc.oneof(isoDay('1920-01-01', '2030-12-31'), fc.string({ maxLength: 12 }));
    const currentCard = fc.option(
      fc.record({ issueDate: date, expiryDate: fc.option(date, { nil: null }), status }),
      { nil: null },
    );
    fc.assert(
      fc.property(date, date, currentCard, reason, (birthDate, today, current, why) => {
        const r = applicationCase({
          birthDate,
          today,
          currentCard: current,
          ...(why ? { reason: why } : {}),
        });
        const message = 'refused' in r ? r.refused.message : r.reason;
        expect(message.vi.length).toBeGreaterThan(10);
        expect(message.en.length).toBeGreaterThan(10);
        expect(`${message.vi} ${message.en}`).not.toMatch(/undefined|\[object/);
      }),
      { numRuns: 2000 },
    );
  });
});
