import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childrenOf, parseOne } from './asn1.js';
import { toPem } from './pki.js';
import { readSod } from './sod-read.js';
import { makeChain, makeChip, type Chain } from './testing.js';
import type { ChipFiles } from './files.js';

// Interop: OpenSSL, which knows nothing of this code, must accept our SOD as standard CMS and
// our certificates as a standard chain. A missing openssl is a failure, not a skip.
function openssl(args: string[]): { ok: boolean; out: string } {
  try {
    return {
      ok: true,
      out: execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    };
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code === 'ENOENT')
      throw new Error(
        'openssl is not installed: the chip interop test needs the openssl command line tool (Debian: apt-get install openssl).',
      );
    return { ok: false, out: String(err.stderr ?? '') };
  }
}

let dir: string;
let chain: Chain;
let files: ChipFiles;

/** The SOD without its 0x77 wrapper: the CMS ContentInfo. */
function cmsOf(sod: Uint8Array): Uint8Array {
  const parsed = parseOne(sod);
  if ('error' in parsed) throw new Error(parsed.error);
  return childrenOf(parsed.element)![0]!.valueBeforeDecodeView;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dancu-chip-openssl-'));
  chain = await makeChain(new Date());
  files = await makeChip(chain.ds);
  writeFileSync(path.join(dir, 'csca.pem'), toPem(chain.csca.certificateDer));
  writeFileSync(path.join(dir, 'ds.pem'), toPem(chain.ds.certificateDer));
  writeFileSync(path.join(dir, 'sod.cms'), cmsOf(files.sod));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openssl interop', () => {
  it('openssl is installed', () => {
    expect(openssl(['version']).out).toMatch(/OpenSSL/);
  });

  it('openssl cms -verify accepts the SOD with the CSCA as trust anchor and outputs the LDSSecurityObject', () => {
    const out = path.join(dir, 'content.der');
    const r = openssl([
      'cms',
      '-verify',
      '-inform',
      'DER',
      '-in',
      path.join(dir, 'sod.cms'),
      '-CAfile',
      path.join(dir, 'csca.pem'),
      '-purpose',
      'any',
      '-binary',
      '-out',
      out,
    ]);
    expect(r).toEqual({ ok: true, out: '' });
    const parsed = readSod(files.sod);
    if (!('sod' in parsed)) throw new Error('our own SOD does not read');
    expect(new Uint8Array(readFileSync(out))).toEqual(parsed.sod.eContent);
  });

  it('openssl cms -cmsout -print shows the ICAO content type, the signed attributes and ecdsa-with-SHA256', () => {
    const r = openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', path.join(dir, 'sod.cms')]);
    expect(r.ok).toBe(true);
    expect(r.out).toContain('d.signedData');
    expect(r.out).toMatch(/eContentType: .*\(2\.23\.136\.1\.1\.1\)/);
    expect(r.out).toContain('object: contentType (1.2.840.113549.1.9.3)');
    expect(r.out).toContain('object: messageDigest (1.2.840.113549.1.9.4)');
    expect(r.out).toContain('algorithm: ecdsa-with-SHA256');
  });

  it('openssl verify accepts the Document Signer under the CSCA and reads the extensions we set', () => {
    expect(openssl(['verify', '-CAfile', path.join(dir, 'csca.pem'), path.join(dir, 'ds.pem')]).ok).toBe(
      true,
    );
    const csca = openssl(['x509', '-in', path.join(dir, 'csca.pem'), '-noout', '-text']).out;
    expect(csca).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(csca).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(csca).toContain('Subject: C = VN, O = Bo Cong an, CN = CSCA Vi');
    const ds = openssl(['x509', '-in', path.join(dir, 'ds.pem'), '-noout', '-text']).out;
    expect(ds).toMatch(/Key Usage: critical\s+Digital Signature/);
    expect(ds).toContain('X509v3 Authority Key Identifier');
  });

  it('openssl rejects the SOD against a foreign CSCA', async () => {
    const foreign = await makeChain(new Date(), { csca: 'Foreign CSCA', ds: 'Foreign DS' });
    writeFileSync(path.join(dir, 'foreign.pem'), toPem(foreign.csca.certificateDer));
    const r = openssl([
      'cms',
      '-verify',
      '-inform',
      'DER',
      '-in',
      path.join(dir, 'sod.cms'),
      '-CAfile',
      path.join(dir, 'foreign.pem'),
      '-purpose',
      'any',
      '-binary',
      '-out',
      path.join(dir, 'x.der'),
    ]);
    expect(r.ok).toBe(false);
  });
});
