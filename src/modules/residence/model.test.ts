import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headAfterLeaving } from '../people/index.js';
import {
  addDays,
  addYears,
  checkExtension,
  checkPermanentRegistration,
  checkSplit,
  checkTemporaryRegistration,
  daysBetween,
  extensionWindowOpen,
  floorAreaSufficient,
  membersAfterHeadChange,
  removalDecidableOn,
  stayDeadline,
  type PermanentFacts,
} from './model.js';

/** The residence rules as properties over generated facts. */
const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const codes = (r: Array<{ code: string }>) => r.map((x) => x.code);

describe('temporary residence', () => {
  it('accepts exactly the stays from 30 days to 2 years', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -10, max: 900 }), (from, n) => {
        const end = addDays(from, n);
        const r = codes(checkTemporaryRegistration({ validFrom: from, plannedEnd: end, permanentHere: false }));
        if (n <= 0) expect(r).toEqual(['temporary_dates_invalid']);
        else if (n < 30) expect(r).toEqual(['temporary_too_short']);
        else if (end > addYears(from, 2)) expect(r).toEqual(['temporary_too_long']);
        else expect(r).toEqual([]);
      }),
    );
  });

  it('opens the extension window exactly in the 15 days before the end (the end day included)', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -40, max: 40 }), (end, offset) => {
        const filed = addDays(end, offset);
        expect(extensionWindowOpen(filed, end)).toBe(offset <= 0 && offset >= -15);
        const r = codes(checkExtension({ filedOn: filed, current: { plannedEnd: end }, newPlannedEnd: addDays(end, 30), runsFrom: filed }));
        expect(r.includes('extension_window_closed')).toBe(!(offset <= 0 && offset >= -15));
      }),
    );
  });
});

describe('permanent registration', () => {
  const base: PermanentFacts = { ground: 'rented', household: null, householdGiven: false, dossierUnit: '00004', address: 'Số 1 phố Huế', relation: null, ownerPin: '001234567890', floorAreaM2: 100, otherOccupants: 0, minM2PerPerson: 8, applicantPermanent: null };
  it('refuses a floor area below the minimum (never taken below 8 m²) and accepts one at or above it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 30 }), (area, others, min) => {
        const r = codes(checkPermanentRegistration({ ...base, floorAreaM2: area, otherOccupants: others, minM2PerPerson: min }));
        const people = others + 1;
        expect(r.includes('floor_area_below_minimum')).toBe(area < Math.max(min, 8) * people);
        expect(floorAreaSufficient(area, people, min)).toBe(area >= Math.max(min, 8) * people);
      }),
    );
  });

  it('asks for what each ground needs, with one code per missing thing', () => {
    expect(codes(checkPermanentRegistration({ ...base, ground: 'relatives', ownerPin: null }))).toEqual(['household_required', 'owner_required']);
    expect(codes(checkPermanentRegistration({ ...base, ground: 'own_dwelling', address: null }))).toEqual(['address_required']);
    expect(codes(checkPermanentRegistration({ ...base, ground: 'own_dwelling', applicantPermanent: { unitCode: '00004', address: ' số 1  PHỐ Huế ' } }))).toEqual(['already_permanent_here']);
    expect(codes(checkPermanentRegistration({ ...base, ground: 'relatives', householdGiven: true, relation: 'khac', household: { unitCode: '00008', hasHead: true, memberCount: 2, isApplicantMember: false } }))).toEqual(['household_not_in_unit', 'relation_not_eligible']);
  });
});

describe('households', () => {
  const members = fc.uniqueArray(fc.stringMatching(/^[0-9]{12}$/), { minLength: 1, maxLength: 8 }).map((pins) => pins.map((pin, i) => ({ pin, relation: i === 0 ? 'chu_ho' : 'con' })));

  it('a split is allowed only when the head stays with someone and those leaving are members', () => {
    fc.assert(
      fc.property(members, fc.array(fc.nat(), { maxLength: 8 }), (open, picks) => {
        const leaving = [...new Set(picks.map((i) => open[i % open.length]!.pin))];
        const r = codes(checkSplit(open, leaving));
        const headLeaves = leaving.includes(open[0]!.pin);
        expect(r.length === 0).toBe(leaving.length > 0 && !headLeaves);
        if (leaving.length === open.length) expect(r).toContain('split_leaves_empty_household');
      }),
    );
  });

  it('a change of head leaves exactly one head: the new one', () => {
    fc.assert(
      fc.property(members.filter((m) => m.length > 1), fc.nat(), (open, i) => {
        const next = open[1 + (i % (open.length - 1))]!.pin;
        const after = membersAfterHeadChange(open, next, 'chong');
        expect(after.filter((m) => m.relation === 'chu_ho').map((m) => m.pin)).toEqual([next]);
      }),
    );
  });

  it('after someone leaves: empty, unchanged, a named new head, or headless — never two heads', () => {
    fc.assert(
      fc.property(members, fc.nat(), fc.boolean(), (open, i, name) => {
        const leaving = open[i % open.length]!.pin;
        const remaining = open.filter((m) => m.pin !== leaving);
        const headLeaves = leaving === open[0]!.pin;
        const newHead = name && headLeaves && remaining.length > 0 ? remaining[0]!.pin : undefined;
        const outcome = headAfterLeaving(open, [leaving], newHead);
        if (remaining.length === 0) expect(outcome.kind).toBe('empty');
        else if (!headLeaves) expect(outcome.kind).toBe('unchanged');
        else expect(outcome).toEqual(newHead ? { kind: 'new_head', pin: newHead } : { kind: 'headless' });
      }),
    );
  });
});

describe('dates and deadlines', () => {
  it('an ex-officio removal is decidable exactly 7 days after the notice', () => {
    fc.assert(
      fc.property(day, (d) => {
        expect(daysBetween(d, removalDecidableOn(d))).toBe(7);
      }),
    );
  });

  it('a stay is due by 23:00 on the arrival day, or 08:00 next day for arrivals from 23:00 (Vietnam time)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }), (arrival) => {
        const local = new Date(arrival.getTime() + 7 * 3_600_000);
        const deadline = new Date(stayDeadline(arrival).getTime() + 7 * 3_600_000);
        const late = local.getUTCHours() >= 23;
        expect(deadline.getUTCHours()).toBe(late ? 8 : 23);
        expect(deadline.toISOString().slice(0, 10)).toBe(late ? addDays(local.toISOString().slice(0, 10), 1) : local.toISOString().slice(0, 10));
        expect(deadline.getTime()).toBeGreaterThan(local.getTime());
      }),
    );
  });
});
