import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyringFromKey, loadKeyring, MissingMasterKeyError } from './keyring.js';

const key = Buffer.alloc(32, 3);

describe('keyring', () => {
  it('property: open(seal(x)) = x for any bytes and context', () => {
    const ring = keyringFromKey(key, 'test');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.string({ maxLength: 40 }), (bytes, context) => {
        const sealed = ring.seal(Buffer.from(bytes), context);
        expect(ring.isSealed(sealed)).toBe(true);
        expect(ring.open(sealed, context).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('refuses a value moved to another context, a flipped bit and another key', () => {
    const ring = keyringFromKey(key, 'test');
    const sealed = ring.seal('JBSWY3DPEHPK3PXP', 'totp:a');
    expect(() => ring.open(sealed, 'totp:b')).toThrow();
    const raw = Buffer.from(sealed.slice('sealed:v1:'.length), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => ring.open(`sealed:v1:${raw.toString('base64url')}`, 'totp:a')).toThrow();
    expect(() => keyringFromKey(Buffer.alloc(32, 4), 'other').open(sealed, 'totp:a')).toThrow();
  });

  it('creates a key file outside production, reuses it, and refuses to invent one in production', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-keys-'));
    try {
      const first = loadKeyring({ masterKey: undefined, masterKeyFile: undefined, keysDir: dir, production: false });
      const second = loadKeyring({ masterKey: undefined, masterKeyFile: undefined, keysDir: dir, production: false });
      expect(second.openText(first.seal('x', 'c'), 'c')).toBe('x');
      expect(fs.statSync(path.join(dir, 'master.key')).mode & 0o077).toBe(0);
      expect(() => loadKeyring({ masterKey: undefined, masterKeyFile: undefined, keysDir: dir, production: true })).toThrow(MissingMasterKeyError);
      const fromEnv = loadKeyring({ masterKey: key.toString('base64'), masterKeyFile: undefined, keysDir: null, production: true });
      expect(fromEnv.openText(keyringFromKey(key, 't').seal('y', 'c'), 'c')).toBe('y');
      expect(() => loadKeyring({ masterKey: 'c2hvcnQ=', masterKeyFile: undefined, keysDir: null, production: true })).toThrow(/32 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
