import { describe, expect, it } from 'vitest';
import { toArrayBuffer } from './asn1.js';
import { createCsca, createDocumentSigner, fromPem, toPem } from './pki.js';
import { webcrypto, x509 } from './x509.js';

describe('pki', () => {
  it('makes a self-signed CSCA and a DS it certifies, with random positive serials', async () => {
    const validFrom = new Date('2025-01-01T00:00:00Z');
    const csca = await createCsca({
      commonName: 'CSCA Việt Nam',
      country: 'VN',
      validFrom,
      validTo: new Date('2040-01-01T00:00:00Z'),
    });
    const ds = await createDocumentSigner(csca, {
      commonName: 'DS 2025',
      validFrom,
      validTo: new Date('2035-01-01T00:00:00Z'),
    });
    const c = new x509.X509Certificate(toArrayBuffer(csca.certificateDer));
    const d = new x509.X509Certificate(toArrayBuffer(ds.certificateDer));
    expect(c.subject).toBe('C=VN, O=Bo Cong an, CN=CSCA Việt Nam');
    expect(await c.isSelfSigned(webcrypto)).toBe(true);
    expect(d.issuer).toBe(c.subject);
    expect(d.subject).toBe('C=VN, O=Bo Cong an, CN=DS 2025');
    expect(await d.verify({ publicKey: c.publicKey, signatureOnly: true }, webcrypto)).toBe(true);
    expect([d.notBefore.toISOString(), d.notAfter.toISOString()]).toEqual([
      '2025-01-01T00:00:00.000Z',
      '2035-01-01T00:00:00.000Z',
    ]);
    for (const k of [csca, ds]) expect(k.serial).toMatch(/^[0-7][0-9a-f]{31}$/);
    expect(csca.serial).not.toBe(ds.serial);
    expect(c.publicKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(c.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    // The private key is usable PKCS #8.
    await expect(
      webcrypto.subtle.importKey(
        'pkcs8',
        toArrayBuffer(ds.privateKeyPkcs8),
        { name: 'ECDSA', namedCurve: 'P-256' },
        false,
        ['sign'],
      ),
    ).resolves.toBeDefined();
  });

  it('converts DER to PEM and back', async () => {
    const csca = await createCsca({
      commonName: 'X',
      country: 'VN',
      validFrom: new Date(),
      validTo: new Date(Date.now() + 86_400_000),
    });
    const pem = toPem(csca.certificateDer);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(fromPem(pem)).toEqual(csca.certificateDer);
    expect(toPem(csca.privateKeyPkcs8, 'PRIVATE KEY')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(() => fromPem('not pem')).toThrow();
  });
});
