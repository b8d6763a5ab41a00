import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  isAfterToday,
  parseDateInput,
  todayInVietnam,
} from './format.js';

describe('formatDate', () => {
  it('writes calendar dates as dd/mm/yyyy without time-zone shifts', () => {
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
    expect(formatDate('1999-12-31')).toBe('31/12/1999');
  });

  it('keeps partial dates partial', () => {
    expect(formatDate('1990-03')).toBe('03/1990');
    expect(formatDate('1990')).toBe('1990');
  });

  it('shows instants as the date in Vietnam', () => {
    // 30/06 at 20:00 UTC is already 01/07 in Hà Nội (UTC+7).
    expect(formatDate('2025-06-30T20:00:00Z')).toBe('01/07/2025');
    expect(formatDate('2025-06-30T10:00:00Z')).toBe('30/06/2025');
  });

  it('gives empty text for missing dates and leaves unknown text alone', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate(undefined)).toBe('');
    expect(formatDate('')).toBe('');
    expect(formatDate('not a date')).toBe('not a date');
  });
});

describe('formatNumber', () => {
  it('groups thousands the Vietnamese way by default', () => {
    expect(formatNumber(3321, 'vi')).toBe('3.321');
    expect(formatNumber(3321, 'en')).toBe('3,321');
  });
});

describe('formatDateTime', () => {
  it('shows an instant with its time in Vietnam', () => {
    expect(formatDateTime('2025-06-30T20:05:00Z')).toBe('01/07/2025 03:05');
    expect(formatDateTime('1990-03')).toBe('03/1990');
  });
});

describe('parseDateInput', () => {
  it('reads dd/mm/yyyy into ISO', () => {
    expect(parseDateInput('01/07/2025')).toEqual({ ok: true, iso: '2025-07-01' });
    expect(parseDateInput(' 1/7/2025 ')).toEqual({ ok: true, iso: '2025-07-01' });
    expect(parseDateInput('29.02.2024')).toEqual({ ok: true, iso: '2024-02-29' });
    expect(parseDateInput('2025-07-01')).toEqual({ ok: true, iso: '2025-07-01' });
  });

  it('refuses impossible days and other shapes', () => {
    expect(parseDateInput('31/02/2024').ok).toBe(false);
    expect(parseDateInput('29/02/2023').ok).toBe(false);
    expect(parseDateInput('01/13/2020').ok).toBe(false);
    expect(parseDateInput('07/1950').ok).toBe(false);
    expect(parseDateInput('1950').ok).toBe(false);
    expect(parseDateInput('01/01/1700').ok).toBe(false);
    expect(parseDateInput('hôm qua').ok).toBe(false);
  });

  it('accepts month/year and a bare year where partial dates are allowed', () => {
    expect(parseDateInput('07/1950', { partial: true })).toEqual({ ok: true, iso: '1950-07' });
    expect(parseDateInput('7/1950', { partial: true })).toEqual({ ok: true, iso: '1950-07' });
    expect(parseDateInput('1950', { partial: true })).toEqual({ ok: true, iso: '1950' });
    expect(parseDateInput('15/07/1950', { partial: true })).toEqual({ ok: true, iso: '1950-07-15' });
    expect(parseDateInput('00/1950', { partial: true }).ok).toBe(false);
  });

  it('round-trips with formatDate', () => {
    for (const iso of ['1950', '1950-07', '1950-07-15']) {
      expect(parseDateInput(formatDate(iso), { partial: true })).toEqual({ ok: true, iso });
    }
  });
});

describe('isAfterToday', () => {
  it('compares partial dates by their earliest day', () => {
    expect(isAfterToday('2026-11-24', '2026-11-23')).toBe(true);
    expect(isAfterToday('2026-11', '2026-11-23')).toBe(false);
    expect(isAfterToday('2027', '2026-11-23')).toBe(true);
    expect(todayInVietnam(new Date('2025-06-30T20:00:00Z'))).toBe('2025-07-01');
  });
});
