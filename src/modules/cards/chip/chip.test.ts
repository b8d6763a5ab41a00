import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION, bufferSource, constructed, encode, toArrayBuffer } from './asn1.js';
import { encodeDg1 } from './dg1.js';
import { encodeDg13 } from './dg13.js';
import { createCsca, createDocumentSigner } from './pki.js';
import { verifyChip, type ChipTrust } from './passive-auth.js';
import { signSod } from './sod.js';
import { HOLDER, JPEG, flip, makeChain, makeChip, td1, type Chain } from './testing.js';
import type { ChipFiles } from './files.js';
import { x509 } from './x509.js';

const AT = new Date('2026-03-01T08:00:00Z');
const YEAR = 365 * 86_400_000;

let chain: Chain;
let files: ChipFiles;
let trust: ChipTrust;

beforeAll(async () => {
  chain = await makeChain(AT);
  files = await makeChip(chain.ds);
  trust = { cscaCertificatesDer: [chain.csca.certificateDer], revokedSignerSerials: [], at: AT };
});

const codes = (issues: { code: string; field?: string }[]) => issues.map((i) => [i.code, i.field]);

describe('verifyChip', () => {
  it('accepts a chip signed under the trusted CSCA and returns what it holds', async () => {
    const r = await verifyChip(files, trust);
    expect(r.issues).toEqual([]);
    expect(r.data.dg13).toEqual(HOLDER);
    expect(r.data.mrz).toBe(td1(HOLDER));
    expect(r.data.photo).toEqual({ mime: 'image/jpeg', bytes: new Uint8Array(JPEG) });
    const ds = new x509.X509Certificate(toArrayBuffer(chain.ds.certificateDer));
    expect(r.data.signer).toEqual({
      serial: chain.ds.serial,
      subject: ds.subject,
      issuer: new x509.X509Certificate(toArrayBuffer(chain.csca.certificateDer)).subject,
      notBefore: ds.notBefore.toISOString(),
      notAfter: ds.notAfter.toISOString(),
    });
    expect(r.data.signer?.subject).toBe('C=VN, O=Bo Cong an, CN=Document Signer 1');
  });

  it('one byte changed in DG13 → chip_hash_mismatch on dg13', async () => {
    // The last bytes are inside a UTF8String value, so DG13 still decodes: only the hash tells.
    const r = await verifyChip({ ...files, dg13: flip(files.dg13, files.dg13.length - 3) }, trust);
    expect(codes(r.issues)).toContainEqual(['chip_hash_mismatch', 'dg13']);
  });

  it('one byte changed in DG2 (in the JPEG) → chip_hash_mismatch on dg2', async () => {
    const r = await verifyChip({ ...files, dg2: flip(files.dg2!, files.dg2!.length - 10) }, trust);
    expect(codes(r.issues)).toEqual([['chip_hash_mismatch', 'dg2']]);
  });

  it('one byte changed in DG1 → chip_hash_mismatch on dg1', async () => {
    const dg1 = files.dg1.slice();
    dg1[dg1.length - 1] = '<'.charCodeAt(0) === dg1[dg1.length - 1] ? 'A'.charCodeAt(0) : '<'.charCodeAt(0);
    const r = await verifyChip({ ...files, dg1 }, trust);
    expect(codes(r.issues)).toEqual([['chip_hash_mismatch', 'dg1']]);
  });

  it('an SOD signed by a Document Signer under a foreign CSCA → chip_signer_untrusted, and only that', async () => {
    const foreign = await makeChain(AT, { csca: 'Foreign CSCA', ds: 'Foreign DS' });
    const sod = await signSod({ 1: files.dg1, 2: files.dg2!, 13: files.dg13 }, foreign.ds);
    const r = await verifyChip({ ...files, sod }, trust);
    expect(codes(r.issues)).toEqual([['chip_signer_untrusted', 'sod']]);
    expect(r.issues[0]!.message.en).toContain('Foreign CSCA');
  });

  it('a foreign CSCA that copies our CSCA name is still untrusted (the key decides, not the name)', async () => {
    const impostor = await makeChain(AT, { csca: 'CSCA Việt Nam (thử nghiệm)', ds: 'Document Signer 1' });
    const sod = await signSod({ 1: files.dg1, 2: files.dg2!, 13: files.dg13 }, impostor.ds);
    const r = await verifyChip({ ...files, sod }, trust);
    expect(codes(r.issues)).toEqual([['chip_signer_untrusted', 'sod']]);
  });

  it('a Document Signer whose certificate expired before `at` → chip_signer_expired', async () => {
    const old = await createDocumentSigner(chain.csca, {
      commonName: 'Old DS',
      validFrom: new Date(AT.getTime() - 6 * YEAR),
      validTo: new Date(AT.getTime() - YEAR),
    });
    const r = await verifyChip(
      { ...files, sod: await signSod({ 1: files.dg1, 2: files.dg2!, 13: files.dg13 }, old) },
      trust,
    );
    expect(codes(r.issues)).toEqual([['chip_signer_expired', 'sod']]);
  });

  it('a Document Signer not valid yet at `at` → chip_signer_not_yet_valid', async () => {
    const early = await createDocumentSigner(chain.csca, {
      commonName: 'Future DS',
      validFrom: new Date(AT.getTime() + YEAR),
      validTo: new Date(AT.getTime() + 2 * YEAR),
    });
    const r = await verifyChip(
      { ...files, sod: await signSod({ 1: files.dg1, 2: files.dg2!, 13: files.dg13 }, early) },
      trust,
    );
    expect(codes(r.issues)).toEqual([['chip_signer_not_yet_valid', 'sod']]);
  });

  it('a revoked Document Signer serial → chip_signer_revoked (serials compare without case or colons)', async () => {
    const colons = chain.ds.serial.toUpperCase().match(/../g)!.join(':');
    const r = await verifyChip(files, { ...trust, revokedSignerSerials: ['01', `00:${colons}`] });
    expect(codes(r.issues)).toEqual([['chip_signer_revoked', 'sod']]);
  });

  it('the SOD signature bytes altered → chip_signature_invalid', async () => {
    // The SignerInfo's signature is the last field of the SOD; its last byte is part of s.
    const r = await verifyChip({ ...files, sod: flip(files.sod, files.sod.length - 1) }, trust);
    expect(codes(r.issues)).toEqual([['chip_signature_invalid', 'sod']]);
  });

  it('a data-group hash altered inside the SOD → chip_signature_invalid and chip_hash_mismatch', async () => {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bufferSource(files.dg13)));
    const at = Buffer.from(files.sod).indexOf(Buffer.from(digest));
    expect(at).toBeGreaterThan(0);
    const r = await verifyChip({ ...files, sod: flip(files.sod, at + 5) }, trust);
    expect(codes(r.issues)).toEqual([
      ['chip_signature_invalid', 'sod'],
      ['chip_hash_mismatch', 'dg13'],
    ]);
  });

  it('an SOD without the Document Signer certificate → chip_signer_missing', async () => {
    const outer = asn1js.fromBER(files.sod).result as asn1js.Constructed;
    const contentInfo = AsnConvert.parse(outer.valueBlock.value[0]!.toBER(), ContentInfo);
    const signedData = AsnConvert.parse(contentInfo.content, SignedData);
    delete signedData.certificates;
    contentInfo.content = AsnConvert.serialize(signedData);
    const sod = encode(
      constructed(APPLICATION, 0x17, [asn1js.fromBER(AsnConvert.serialize(contentInfo)).result]),
    );
    const r = await verifyChip({ ...files, sod }, trust);
    expect(codes(r.issues)).toEqual([['chip_signer_missing', 'sod']]);
  });

  it('a card without photo (child under 6): no DG2 anywhere verifies', async () => {
    const child = {
      ...HOLDER,
      pin: '001222012345',
      birthDate: '2022-05-01',
      expiryDate: '2036-05-01',
      spouseName: null,
      oldId: null,
    };
    const chip = await makeChip(chain.ds, child, null);
    const r = await verifyChip(chip, trust);
    expect(r.issues).toEqual([]);
    expect(r.data.photo).toBeUndefined();
  });

  it('DG2 given but not in the SOD → chip_group_missing_in_sod; in the SOD but not given → chip_file_missing', async () => {
    const noPhoto = await makeChip(chain.ds, HOLDER, null);
    const extra = await verifyChip({ ...noPhoto, dg2: files.dg2 }, trust);
    expect(codes(extra.issues)).toEqual([['chip_group_missing_in_sod', 'dg2']]);
    const missing = await verifyChip({ ...files, dg2: null }, trust);
    expect(codes(missing.issues)).toEqual([['chip_file_missing', 'dg2']]);
  });

  it('DG1 and DG13 disagree (each signed as written) → chip_mrz_dg13_mismatch per field', async () => {
    const dg1 = encodeDg1(td1({ pin: '001093047065', birthDate: '1993-04-13', sex: 'F', expiryDate: null }));
    const sod = await signSod({ 1: dg1, 2: files.dg2!, 13: files.dg13 }, chain.ds);
    const r = await verifyChip({ ...files, dg1, sod }, trust);
    expect(codes(r.issues)).toEqual([
      ['chip_mrz_dg13_mismatch', 'dg13.pin'],
      ['chip_mrz_dg13_mismatch', 'dg13.birthDate'],
      ['chip_mrz_dg13_mismatch', 'dg13.sex'],
      ['chip_mrz_dg13_mismatch', 'dg13.expiryDate'],
    ]);
    expect(r.issues[1]!.message).toEqual({
      vi: 'Ngày sinh trong MRZ (DG1) là 13/04/93, trong DG13 là 12/04/1993.',
      en: 'The date of birth is 13/04/93 in the MRZ (DG1) but 12/04/1993 in DG13.',
    });
  });

  it('a PIN whose century/sex digit or year digits contradict DG13 → chip_pin_structure', async () => {
    // Digit 4 = 1 (a woman born in the 1900s), digits 5–6 = 94, but DG13 says a man born 1993.
    const holder = { ...HOLDER, pin: '001194047064' };
    const chip = await makeChip(chain.ds, holder);
    const r = await verifyChip(chip, trust);
    expect(codes(r.issues)).toEqual([
      ['chip_pin_structure', 'dg13.pin'],
      ['chip_pin_structure', 'dg13.pin'],
    ]);
    expect(r.issues.map((i) => i.message.en)).toEqual([
      "The PIN's 4th digit (1) means female, but DG13 says male.",
      "The PIN's digits 4–6 (194) mean birth year 1994, but DG13 says 1993.",
    ]);
  });

  it('a woman born in the 2000s with a matching PIN passes the structure check', async () => {
    const holder = {
      ...HOLDER,
      pin: '079305001234',
      sex: 'F' as const,
      birthDate: '2005-02-28',
      fullName: 'Lê Thị Hồng Nhung',
      expiryDate: '2030-02-28',
    };
    const r = await verifyChip(await makeChip(chain.ds, holder), trust);
    expect(r.issues).toEqual([]);
  });

  it('a card without expiry ("Không thời hạn", MRZ 991231) verifies', async () => {
    const holder = { ...HOLDER, pin: '001055001234', birthDate: '1955-01-01', expiryDate: null };
    const r = await verifyChip(await makeChip(chain.ds, holder), trust);
    expect(r.issues).toEqual([]);
    expect(r.data.dg13?.expiryDate).toBeNull();
  });

  it('a trust list with an unreadable entry still finds the good CSCA', async () => {
    const r = await verifyChip(files, {
      ...trust,
      cscaCertificatesDer: [new Uint8Array([1, 2, 3]), chain.csca.certificateDer],
    });
    expect(r.issues).toEqual([]);
  });

  it('an empty trust list → chip_signer_untrusted', async () => {
    const r = await verifyChip(files, { ...trust, cscaCertificatesDer: [] });
    expect(codes(r.issues)).toEqual([['chip_signer_untrusted', 'sod']]);
  });

  it('every issue has a stable snake_case code and messages in both languages', async () => {
    const foreign = await createCsca({
      commonName: 'X',
      country: 'VN',
      validFrom: new Date(0),
      validTo: new Date(1),
    });
    const r = await verifyChip(
      {
        dg1: new Uint8Array([0x61, 0]),
        dg2: new Uint8Array([1]),
        dg13: encodeDg13({ ...HOLDER, pin: '1' }),
        sod: files.sod,
      },
      { ...trust, cscaCertificatesDer: [foreign.certificateDer] },
    );
    expect(r.issues.length).toBeGreaterThan(3);
    for (const i of r.issues) {
      expect(i.code).toMatch(/^chip_[a-z0-9_]+$/);
      expect(i.message.vi.length).toBeGreaterThan(10);
      expect(i.message.en.length).toBeGreaterThan(10);
    }
  });
});
