/**
 * The one door to @peculiar/x509. It resolves its algorithm providers through tsyringe, which
 * needs the Reflect metadata polyfill loaded before it; ES modules evaluate imports in order, so
 * importing it here, first, is enough. @simplewebauthn/server loads the same polyfill in this
 * process anyway.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export { x509 };

/** Node's WebCrypto, passed explicitly so that no library falls back to another provider. */
export const webcrypto: Crypto = globalThis.crypto;
