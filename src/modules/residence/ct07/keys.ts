import type { KeyObject } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { Executor } from '../../../kernel/db.js';
import type { Keyring } from '../../../kernel/keyring.js';
import { currentSigningKey, publishedKeys, rotateSigningKey } from '../../../kernel/signing-keys.js';

/** The keys that sign CT07 tokens: the kernel's signing keys under the purpose `ct07`. */
export const rotateConfirmationKey = (db: Executor, keys: Keyring, at: Date): Promise<string> => rotateSigningKey(db, keys, 'ct07', at);
export const currentConfirmationKey = (db: Executor, keys: Keyring, at: Date): Promise<{ kid: string; privateKey: KeyObject }> => currentSigningKey(db, keys, 'ct07', at);
export const confirmationJwks = (db: Executor): Promise<JSONWebKeySet> => publishedKeys(db, 'ct07');
