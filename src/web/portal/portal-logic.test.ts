import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json' with { type: 'json' };
import vi from '../i18n/vi.json' with { type: 'json' };
import { parseRedirectUris, SCOPES } from '../eid-api.js';
import { parseDateInput } from '../format.js';
// The server's values, through the modules' doors (a test in Node; the bundle never sees them).
import { PHOTO_MAX_BYTES as SERVER_PHOTO_MAX, PHOTO_MIN_BYTES as SERVER_PHOTO_MIN } from '../../modules/eid/index.js';
import { referenceLists } from '../../modules/people/index.js';
import { makeLabels } from '../reference.js';
import {
  accessActionKey,
  ACCESS_ACTIONS,
  describeUserAgent,
  groupSecret,
  isKnownScope,
  KNOWN_SCOPES,
  passcodeProblems,
  formatFileSize,
  PHOTO_MAX_BYTES,
  PHOTO_MIN_BYTES,
  photoProblem,
  safeNext,
  stripDataUrl,
  USAGE_KINDS,
} from './portal-logic.js';

describe('portal helpers', () => {
  it('returns after login only to a path of this site', () => {
    expect(safeNext('/portal/security')).toBe('/portal/security');
    expect(safeNext(null)).toBe('/portal');
    expect(safeNext('https://evil.example/')).toBe('/portal');
    expect(safeNext('//evil.example/')).toBe('/portal');
    expect(safeNext('/\\evil.example')).toBe('/portal');
  });

  it('takes JPEG and PNG photos up to 2 MB', () => {
    expect(photoProblem({ type: 'image/png', size: 50_000 })).toBeUndefined();
    expect(photoProblem({ type: 'image/jpeg', size: 2 * 1024 * 1024 })).toBeUndefined();
    expect(photoProblem({ type: 'image/jpeg', size: 2 * 1024 * 1024 + 1 })).toBe('photoTooLarge');
    expect(photoProblem({ type: 'image/webp', size: 10 })).toBe('photoType');
    expect(photoProblem({ type: 'image/png', size: 2 * 1024 - 1 })).toBe('photoTooSmall');
    expect(photoProblem({ type: 'image/png', size: 2 * 1024 })).toBeUndefined();
  });

  it('shows the limits the server applies, in words people read', () => {
    expect([PHOTO_MIN_BYTES, PHOTO_MAX_BYTES]).toEqual([SERVER_PHOTO_MIN, SERVER_PHOTO_MAX]);
    expect(formatFileSize(PHOTO_MIN_BYTES)).toBe('2 KB');
    expect(formatFileSize(PHOTO_MAX_BYTES)).toBe('2 MB');
    expect(formatFileSize(350_000)).toBe('342 KB');
    expect(formatFileSize(1_600_000)).toBe('1.5 MB');
    expect(formatFileSize(900)).toBe('900 B');
  });

  it('sends the photo as bare base64', () => {
    expect(stripDataUrl('data:image/png;base64,iVBORw0KGgo=')).toBe('iVBORw0KGgo=');
    expect(stripDataUrl('iVBORw0KGgo=')).toBe('iVBORw0KGgo=');
  });

  it('groups a TOTP secret in fours', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('ABCDEF')).toBe('ABCD EF');
    expect(groupSecret('')).toBe('');
  });

  it('checks passcodes typed twice', () => {
    expect(passcodeProblems('583920', '583920')).toEqual([]);
    expect(passcodeProblems('58392', '58392')).toEqual([{ field: 'passcode', key: 'passcode' }]);
    expect(passcodeProblems('583920', '583921')).toEqual([{ field: 'passcodeRepeat', key: 'passcodeMismatch' }]);
  });

  it('names browsers and systems in user-agent strings', () => {
    const chromeLinux = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
    expect(describeUserAgent(chromeLinux)).toBe('Chrome · Linux');
    expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1')).toBe('Safari · iOS');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36 Edg/140.0')).toBe('Edge · Windows');
    expect(describeUserAgent(null)).toBe('');
    expect(describeUserAgent('curl/8.5.0')).toBe('curl/8.5.0');
  });

  it('maps logged actions to labels, and leaves unknown ones as codes', () => {
    expect(accessActionKey('person.read')).toBe('person_read');
    expect(accessActionKey('eid.token_issued')).toBe('eid_token_issued');
    expect(accessActionKey('something.new')).toBeUndefined();
  });

  it('has a label in both languages for every scope, usage kind and logged action', () => {
    for (const dict of [vi, en]) {
      for (const s of KNOWN_SCOPES) expect(dict.portal.scopes[s], s).toBeTruthy();
      for (const s of SCOPES) expect(dict.eid.clients.scopeNames[s], s).toBeTruthy();
      for (const k of USAGE_KINDS) expect(dict.portal.usage.kinds[k], k).toBeTruthy();
      for (const a of ACCESS_ACTIONS) expect(dict.portal.access.actions[a], a).toBeTruthy();
    }
    expect(vi.portal.scopes.profile).toBe('Họ tên, ngày sinh, giới tính');
    expect(vi.portal.scopes.pin).toBe('Số định danh cá nhân');
    expect(isKnownScope('household')).toBe(true);
    expect(isKnownScope('openid')).toBe(false);
  });

  it('turns the enrolment date of birth into the ISO date the API takes', () => {
    expect(parseDateInput('21/09/1995')).toEqual({ ok: true, iso: '1995-09-21' });
    expect(parseDateInput('31/02/1995')).toEqual({ ok: false });
  });

  it('reads redirect URIs one per line', () => {
    expect(parseRedirectUris(' https://a.example/cb \n\nhttps://b.example/cb\r\nhttps://a.example/cb\n')).toEqual([
      'https://a.example/cb',
      'https://b.example/cb',
    ]);
    expect(parseRedirectUris('  \n')).toEqual([]);
  });

  it('labels registry codes from the reference lists the API serves to citizens too', () => {
    const vi = makeLabels(referenceLists(), 'vi');
    expect(vi.ethnicity('01')).toBe('Kinh');
    expect(vi.ethnicity('99')).toBe('99');
    expect(vi.relation('chu_ho')).toBe('Chủ hộ');
    expect(makeLabels(referenceLists(), 'en').relation('me')).toBe('Mother');
    expect(vi.religion('phat_giao')).toBe('Phật giáo');
    expect(vi.religion(null)).toBe('');
  });
});
