import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWithDataDir } from '../../../test/cli-run.js';
import { createCsca, createDocumentSigner, encodeDg1, encodeDg13, encodeDg2, signSod, toPem, writeChipDir } from './chip/index.js';
import { portraitPng } from './demo-images.js';
import { buildMrz } from './documents/mrz.js';
import { buildQr } from './documents/qr.js';

/**
 * `dancu card verify` as a user runs it: one JSON object on stdout, exit 1 when invalid. QR and
 * MRZ need nothing but the text; the chip needs the trust list, here from a file (offline).
 */
const cli = cliWithDataDir();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-card-cli-'));
const person = { pin: '001190012345', fullName: 'Trần Thị Ngọc Lan', birthDate: '1990-04-12', sex: 'F' as const };
const mrz = buildMrz({ ...person, expiryDate: '2030-04-12' });
const qr = buildQr({ ...person, oldId: null, address: 'Số 8, phố Kim Mã, Phường Ba Đình, Thành phố Hà Nội', issueDate: '2025-06-01' });

beforeAll(async () => {
  const at = new Date();
  const year = 365 * 86_400_000;
  const csca = await createCsca({ commonName: 'Test CSCA', country: 'VN', validFrom: new Date(at.getTime() - year), validTo: new Date(at.getTime() + 10 * year) });
  const ds = await createDocumentSigner(csca, { commonName: 'Test DS', validFrom: new Date(at.getTime() - year), validTo: new Date(at.getTime() + 5 * year) });
  const dg1 = encodeDg1(mrz);
  const dg2 = encodeDg2(portraitPng(3));
  const dg13 = encodeDg13({ ...person, nationality: 'Việt Nam', ethnicity: 'Kinh', religion: null, originPlace: 'Nam Định', residencePlace: 'Số 8, phố Kim Mã', identifyingMarks: null, issueDate: '2025-06-01', expiryDate: '2030-04-12', fatherName: null, motherName: null, spouseName: null, oldId: null });
  await writeChipDir(path.join(tmp, 'chip'), { dg1, dg2, dg13, sod: await signSod({ 1: dg1, 2: dg2, 13: dg13 }, ds) });
  fs.writeFileSync(path.join(tmp, 'trust.json'), JSON.stringify({ keys: [{ kind: 'csca', serial: csca.serial, revokedAt: null, certificatePem: toPem(csca.certificateDer, 'CERTIFICATE') }] }));
});
afterAll(() => {
  cli.remove();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const run = (...args: string[]) => {
  const r = cli.dancu('card', 'verify', '--date', '2026-01-05', ...args);
  return { code: r.code, out: JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { valid: boolean; data: Record<string, unknown>; errors: Array<{ code: string; field?: string }> } };
};

describe('dancu card verify', () => {
  it('a QR payload and an MRZ, offline', () => {
    expect(run('--qr', qr)).toMatchObject({ code: 0, out: { valid: true, errors: [], data: { pin: person.pin, fullName: person.fullName } } });
    const broken = mrz.split('\n');
    broken[1] = `${broken[1]!.slice(0, 6)}${broken[1]![6] === '0' ? '1' : '0'}${broken[1]!.slice(7)}`;
    const bad = run('--mrz', broken.join('\n'));
    expect(bad.code).toBe(1);
    expect(bad.out.errors).toContainEqual(expect.objectContaining({ code: 'mrz_check_digit', field: 'birthDate' }));
    // What could be read is printed beside the errors.
    expect(bad.out.data).toMatchObject({ pin: person.pin, expiryDate: '2030-04-12' });
  }, 120_000);

  it('chip files against a trust list file; a changed DG13 byte fails', () => {
    expect(run('--chip', path.join(tmp, 'chip'), '--trust', path.join(tmp, 'trust.json'))).toMatchObject({ code: 0, out: { valid: true, data: { pin: person.pin } } });
    const file = path.join(tmp, 'chip', 'EF.DG13.bin');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
    fs.writeFileSync(file, bytes);
    const bad = run('--chip', path.join(tmp, 'chip'), '--trust', path.join(tmp, 'trust.json'));
    expect(bad.code).toBe(1);
    expect(bad.out.errors).toContainEqual(expect.objectContaining({ code: 'chip_hash_mismatch', field: 'dg13' }));
  }, 120_000);
});
