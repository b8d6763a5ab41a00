import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber } from './format.js';

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
