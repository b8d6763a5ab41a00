import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { compactVerify, importJWK, type JWK } from 'jose';
import { authorize } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { recordAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError, invalid } from '../../kernel/errors.js';
import { publish } from '../../kernel/events.js';
import { DocumentAdded } from './events.js';
import { newId } from '../../kernel/ids.js';
import { unloggedPersonByActivePin } from '../people/index.js';
import { EID_CLIENTS } from './permissions.js';

/**
 * Integrated documents: papers held in the e-ID account (health-insurance card, driving
 * licence, birth certificate …). The issuing agency registers once (an administrator records
 * its public key and gives it an API key) and then posts each document as a compact JWS it
 * signed itself, so the portal shows only what the issuer really signed, and anyone can
 * re-verify it later from the stored JWS.
 */
export const DOCUMENT_KINDS = ['health_insurance', 'social_insurance', 'driving_licence', 'birth_certificate', 'marriage_certificate', 'vehicle_registration', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface IntegratedDocument {
  id: string;
  kind: string;
  number: string;
  title: string;
  issuer: string;
  fields: Record<string, string>;
  validFrom: string;
  validUntil: string | null;
  /** As of today: valid, expired, not yet valid, or revoked by the issuer. */
  state: 'valid' | 'expired' | 'not_yet_valid' | 'revoked';
  addedAt: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface NewIssuer {
  id: string;
  name: string;
  kinds: DocumentKind[];
  publicJwk: JWK;
}

/** Registers an issuing agency; returns its API key, shown once. */
export async function registerIssuer(ctx: AppContext, actor: Actor, input: NewIssuer): Promise<{ id: string; apiKey: string }> {
  authorize(actor, EID_CLIENTS);
  try {
    await importJWK(input.publicJwk, input.publicJwk.alg ?? 'ES256');
  } catch {
    throw invalid('jwk_invalid', 'publicJwk', { vi: 'Khoá công khai (JWK) không hợp lệ.', en: 'The public key (JWK) is not valid.' });
  }
  if ('d' in input.publicJwk) throw invalid('jwk_private', 'publicJwk', { vi: 'Chỉ gửi khoá công khai, không gửi khoá bí mật.', en: 'Send the public key only, never the private key.' });
  const apiKey = `dk_${randomBytes(24).toString('base64url')}`;
  await ctx.db.transaction(async (tx) => {
    await tx.query('INSERT INTO document_issuer (id, name, kinds, public_jwk, api_key_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      input.id,
      input.name,
      input.kinds,
      JSON.stringify(input.publicJwk),
      sha256(apiKey),
      ctx.clock.now(),
    ]);
    await recordAudit(tx, { actor, action: 'eid.document_issuer_registered', target: { kind: 'document_issuer', id: input.id }, detail: { name: input.name, kinds: input.kinds } }, ctx.clock.now());
  });
  return { id: input.id, apiKey };
}

interface IssuerRow {
  id: string;
  name: string;
  kinds: string[];
  public_jwk: JWK;
  api_key_hash: string;
}

const unauthenticatedIssuer = () => new AppError('unauthenticated', 'issuer_key_invalid', { vi: 'Khoá API của cơ quan cấp không hợp lệ.', en: 'The issuer API key is not valid.' });

export async function issuerByApiKey(ctx: AppContext, apiKey: string | undefined): Promise<IssuerRow> {
  if (!apiKey) throw unauthenticatedIssuer();
  const hash = sha256(apiKey);
  const r = await ctx.db.pool.query<IssuerRow>('SELECT * FROM document_issuer WHERE api_key_hash = $1', [hash]);
  const row = r.rows[0];
  if (!row || !timingSafeEqual(Buffer.from(row.api_key_hash), Buffer.from(hash))) throw unauthenticatedIssuer();
  return row;
}

interface DocumentClaims {
  pin: string;
  kind: string;
  number: string;
  title: string;
  fields?: Record<string, string>;
  validFrom: string;
  validUntil?: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkClaims(x: unknown): DocumentClaims {
  const c = x as Partial<DocumentClaims>;
  const bad = (field: string) => invalid('document_invalid', field, { vi: `Trường ${field} của giấy tờ không hợp lệ.`, en: `The document's ${field} is not valid.` });
  if (typeof c !== 'object' || c === null) throw bad('payload');
  if (typeof c.pin !== 'string' || !/^\d{12}$/.test(c.pin)) throw bad('pin');
  if (typeof c.kind !== 'string' || !(DOCUMENT_KINDS as readonly string[]).includes(c.kind)) throw bad('kind');
  if (typeof c.number !== 'string' || c.number.length < 1 || c.number.length > 64) throw bad('number');
  if (typeof c.title !== 'string' || c.title.length < 1 || c.title.length > 200) throw bad('title');
  if (typeof c.validFrom !== 'string' || !ISO_DATE.test(c.validFrom)) throw bad('validFrom');
  if (c.validUntil != null && (typeof c.validUntil !== 'string' || !ISO_DATE.test(c.validUntil) || c.validUntil < c.validFrom)) throw bad('validUntil');
  if (c.fields !== undefined && (typeof c.fields !== 'object' || c.fields === null || Object.values(c.fields).some((v) => typeof v !== 'string' || v.length > 500) || Object.keys(c.fields).length > 30)) throw bad('fields');
  return c as DocumentClaims;
}

/** Adds (or replaces, same issuer/kind/number) a document the issuer signed. */
export async function addDocument(ctx: AppContext, issuer: IssuerRow, jws: string): Promise<IntegratedDocument> {
  let payload: unknown;
  try {
    const key = await importJWK(issuer.public_jwk, issuer.public_jwk.alg ?? 'ES256');
    const verified = await compactVerify(jws, key);
    payload = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    throw invalid('signature_invalid', 'jws', { vi: 'Chữ ký của cơ quan cấp không hợp lệ.', en: 'The issuer’s signature is not valid.' });
  }
  const claims = checkClaims(payload);
  if (!issuer.kinds.includes(claims.kind)) throw new AppError('forbidden', 'kind_not_allowed', { vi: 'Cơ quan này không được cấp loại giấy tờ này.', en: 'This issuer may not issue this kind of document.' }, { field: 'kind' });
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const person = await unloggedPersonByActivePin(tx, claims.pin);
    if (!person) throw invalid('person_not_found', 'pin', { vi: 'Không có công dân với số định danh này.', en: 'No person with this personal ID number.' });
    const id = newId();
    await tx.query(
      `INSERT INTO integrated_document (id, person_id, issuer_id, kind, number, title, fields, valid_from, valid_until, jws, added_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (issuer_id, kind, number) DO UPDATE SET person_id = EXCLUDED.person_id, title = EXCLUDED.title, fields = EXCLUDED.fields,
         valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until, jws = EXCLUDED.jws, added_at = EXCLUDED.added_at, revoked_at = NULL`,
      [id, person.id, issuer.id, claims.kind, claims.number, claims.title, JSON.stringify(claims.fields ?? {}), claims.validFrom, claims.validUntil ?? null, jws, now],
    );
    const actor = { kind: 'system' as const, id: `issuer:${issuer.id}` };
    await recordAudit(tx, { actor, action: 'eid.document_added', target: { kind: 'person', id: person.pin }, unitCode: person.unitCode, detail: { kind: claims.kind, number: claims.number, issuer: issuer.id } }, now);
    await publish(tx, { type: DocumentAdded, subject: person.pin, payload: { kind: claims.kind, issuer: issuer.id }, actorId: actor.id }, now);
    return (await listDocuments(ctx, person.id, tx)).find((d) => d.kind === claims.kind && d.number === claims.number)!;
  });
}

export async function revokeDocument(ctx: AppContext, issuer: IssuerRow, kind: string, number: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query('UPDATE integrated_document SET revoked_at = $4 WHERE issuer_id = $1 AND kind = $2 AND number = $3 AND revoked_at IS NULL', [issuer.id, kind, number, ctx.clock.now()]);
    if (r.rowCount !== 1) throw invalid('document_not_found', 'number', { vi: 'Không có giấy tờ này.', en: 'No such document.' });
    await recordAudit(tx, { actor: { kind: 'system', id: `issuer:${issuer.id}` }, action: 'eid.document_revoked', target: { kind: 'integrated_document', id: `${kind}:${number}` } }, ctx.clock.now());
  });
}

export async function listDocuments(ctx: AppContext, personId: string, db: Pick<AppContext['db']['pool'], 'query'> = ctx.db.pool): Promise<IntegratedDocument[]> {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const r = await db.query<{ id: string; kind: string; number: string; title: string; name: string; fields: Record<string, string>; valid_from: string; valid_until: string | null; revoked_at: Date | null; added_at: Date }>(
    `SELECT d.id, d.kind, d.number, d.title, i.name, d.fields, d.valid_from, d.valid_until, d.revoked_at, d.added_at
       FROM integrated_document d JOIN document_issuer i ON i.id = d.issuer_id WHERE d.person_id = $1 ORDER BY d.kind, d.added_at`,
    [personId],
  );
  return r.rows.map((d) => ({
    id: d.id,
    kind: d.kind,
    number: d.number,
    title: d.title,
    issuer: d.name,
    fields: d.fields,
    validFrom: d.valid_from,
    validUntil: d.valid_until,
    state: d.revoked_at ? 'revoked' : d.valid_from > today ? 'not_yet_valid' : d.valid_until && d.valid_until < today ? 'expired' : 'valid',
    addedAt: d.added_at.toISOString(),
  }));
}
