import type { Actor } from './actor.js';
import type { Executor } from './db.js';
import { conflict } from './errors.js';

/**
 * Commands that create things accept a client request id, so a retried request returns
 * the first result instead of creating a second record. Call `findReplay` first in the
 * transaction and `rememberResult` before commit; the primary key settles races.
 */
export async function findReplay<T>(tx: Executor, key: string | undefined, actor: Actor, operation: string): Promise<T | undefined> {
  if (!key) return undefined;
  const r = await tx.query<{ actor_id: string; operation: string; result: T }>('SELECT actor_id, operation, result FROM request_key WHERE key = $1', [key]);
  const row = r.rows[0];
  if (!row) return undefined;
  if (row.actor_id !== actor.id || row.operation !== operation) {
    throw conflict('request_id_reused', { vi: 'Mã yêu cầu này đã được dùng cho một thao tác khác.', en: 'This request id was already used for another operation.' }, 'requestId');
  }
  return row.result;
}

export async function rememberResult(tx: Executor, key: string | undefined, actor: Actor, operation: string, result: unknown, at: Date): Promise<void> {
  if (!key) return;
  await tx.query('INSERT INTO request_key (key, actor_id, operation, result, created_at) VALUES ($1, $2, $3, $4, $5)', [key, actor.id, operation, JSON.stringify(result), at]);
}
