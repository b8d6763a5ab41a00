import type { KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { hasPermission } from '../../kernel/access.js';
import { systemActor, type OfficerActor } from '../../kernel/actor.js';
import { todayInVietnam } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Message } from '../../kernel/errors.js';
import { printedDate } from '../../kernel/partial-date.js';
import { currentSigningKey, publishedKeys } from '../../kernel/signing-keys.js';
import { unloggedStatusByAnyPin } from '../people/index.js';
import { checkIssue, type CheckIssue } from './check-issue.js';
import { trustAnchors } from './keys.js';
import { cardStatus, STATUS_NAMES, type CardStatus } from './model.js';
import { CARDS_VERIFY } from './permissions.js';
import * as store from './store.js';
import { verifyDocument, type DocumentCheck, type DocumentData, type DocumentInput } from './verify.js';

/**
 * Verification for one-stop shops, banks and hotels: the document checks of verify.ts, then —
 * for a caller allowed to ask (an officer with `cards.verify`) — the registry's view: which card
 * the document is, its status (valid, expired, revoked, replaced), the holder living or not.
 * The answer is signed (JWS, EdDSA, keys published at /api/cards/verification-keys) so whoever
 * checked can keep proof, and every check of a document naming a PIN is written to that
 * citizen's access log, anonymous checks included (as the public verifier).
 */
export const ANSWER_TYPE = 'dancu-card-check+jwt';

export interface RegistryView {
  /** The card the document is, when the registry knows it. */
  card: { id: string; status: CardStatus; statusName: Message; issueDate: string | null; expiryDate: string | null } | null;
  holder: { status: 'living' | 'deceased' | 'missing' | 'unknown' };
}

export interface VerificationAnswer extends DocumentCheck {
  /** Null when the caller may not ask the registry (anonymous) or the document names no PIN. */
  registry: RegistryView | null;
  checkedAt: string;
  checkedBy: { kind: string; id: string };
  /** The answer above as a signed JWS (compact), payload = the answer without this field. */
  signed: string;
}

const PUBLIC_VERIFIER = systemActor('public-card-verification');

/**
 * The key that signs answers, kept for a short while per context: opening the sealed key and
 * importing it costs more than the check itself. A rotation takes effect within KEY_TTL_MS,
 * without a restart.
 */
const KEY_TTL_MS = 30_000;
const answerKeys = new WeakMap<AppContext, { at: number; key: Promise<{ kid: string; privateKey: KeyObject }> }>();
function answerKey(ctx: AppContext, now: Date): Promise<{ kid: string; privateKey: KeyObject }> {
  const held = answerKeys.get(ctx);
  if (held && Math.abs(now.getTime() - held.at) < KEY_TTL_MS) return held.key;
  const key = currentSigningKey(ctx.db.pool, ctx.keys, 'card-verification', now);
  answerKeys.set(ctx, { at: now.getTime(), key });
  key.catch(() => answerKeys.delete(ctx));
  return key;
}

/** The registry card a presented document is: by chip SOD, by expiry (MRZ), or by issue date (QR). */
function matchCard(cards: store.CardRow[], input: DocumentInput, data: DocumentData, sods: Map<string, Uint8Array>): store.CardRow | undefined {
  if (input.kind === 'chip') return cards.find((c) => { const s = sods.get(c.id); return s !== undefined && Buffer.from(s).equals(Buffer.from(input.files.sod)); });
  if (input.kind === 'mrz') return cards.find((c) => c.issueDate !== null && c.expiryDate === (data.expiryDate ?? null) && c.birthDate === data.birthDate);
  return cards.find((c) => c.issueDate !== null && c.issueDate === data.issueDate);
}

async function registryView(ctx: AppContext, input: DocumentInput, check: DocumentCheck, today: string): Promise<{ view: RegistryView; issues: CheckIssue[] }> {
  const pin = check.data.pin!;
  // Two independent reads on the pool (not a transaction), so they overlap. Reading who holds a
  // PIN through the unlogged reader is a documented use (people/identity.ts): verifyCard writes
  // the access row itself.
  const [cards, personStatus] = await Promise.all([store.cardsByPin(ctx.db.pool, pin), unloggedStatusByAnyPin(ctx.db.pool, pin)]);
  const sods = new Map<string, Uint8Array>();
  if (input.kind === 'chip') for (const c of cards) { const chip = await store.chipOf(ctx.db.pool, c.id); if (chip) sods.set(c.id, chip.sod); }
  const card = matchCard(cards, input, check.data, sods);
  const issues: CheckIssue[] = [];
  const status = card ? cardStatus(card, today) : null;
  if (!card) issues.push(checkIssue('card_unknown', 'pin', 'Cơ sở dữ liệu không có thẻ nào khớp với giấy tờ này.', 'The registry holds no card matching this document.'));
  if (status === 'revoked') issues.push(checkIssue('card_revoked', 'card', `Thẻ đã bị thu hồi${card?.revokedAt ? ` ngày ${printedDate(card.revokedAt.slice(0, 10))}` : ''}.`, `The card was revoked${card?.revokedAt ? ` on ${card.revokedAt.slice(0, 10)}` : ''}.`));
  if (status === 'replaced') issues.push(checkIssue('card_replaced', 'card', 'Thẻ đã được thay bằng thẻ mới: thẻ này không còn giá trị.', 'The card was replaced by a newer one and is no longer valid.'));
  if (status === 'expired' && !check.errors.some((e) => e.code === 'card_expired')) issues.push(checkIssue('card_expired', 'expiryDate', 'Thẻ đã hết hạn.', 'The card has expired.'));
  if (status === 'pending') issues.push(checkIssue('card_not_delivered', 'card', 'Thẻ chưa được trả cho công dân.', 'The card has not been delivered to its holder.'));
  const holder = personStatus ?? 'unknown';
  if (holder === 'deceased') issues.push(checkIssue('holder_deceased', 'pin', 'Người được cấp thẻ đã chết.', 'The card holder is deceased.'));
  if (holder === 'missing') issues.push(checkIssue('holder_missing', 'pin', 'Người được cấp thẻ đã bị tuyên bố mất tích.', 'The card holder has been declared missing.'));
  return {
    view: { card: card ? { id: card.id, status: status!, statusName: STATUS_NAMES[status!], issueDate: card.issueDate, expiryDate: card.expiryDate } : null, holder: { status: holder as RegistryView['holder']['status'] } },
    issues,
  };
}

/** Checks a presented card; `actor` null = anonymous (document checks only). */
export async function verifyCard(ctx: AppContext, actor: OfficerActor | null, input: DocumentInput): Promise<VerificationAnswer> {
  const now = ctx.clock.now();
  const today = todayInVietnam(ctx.clock);
  const trust = input.kind === 'chip' ? await trustAnchors(ctx.db.pool) : null;
  const check = await verifyDocument(input, trust, today, now);
  const mayAsk = actor !== null && hasPermission(actor, CARDS_VERIFY);
  let registry: RegistryView | null = null;
  let errors = check.errors;
  const pin = check.data.pin && /^[0-9]{12}$/.test(check.data.pin) ? check.data.pin : null;
  if (mayAsk && pin && check.errors.every((e) => e.code === 'card_expired')) {
    const r = await registryView(ctx, input, check, today);
    registry = r.view;
    errors = [...errors, ...r.issues];
  }
  const who = actor ?? PUBLIC_VERIFIER;
  const answer = { kind: check.kind, valid: errors.length === 0, data: check.data, errors, registry, checkedAt: now.toISOString(), checkedBy: { kind: who.kind, id: who.id } };
  // Group-committed with other reads (kernel/access-log.ts): durable before the answer leaves.
  if (pin) await ctx.accessLog.append([{ actor: who, action: 'card.verified', target: { kind: 'person', id: pin }, purpose: 'card_verification', detail: { medium: check.kind, valid: answer.valid, codes: errors.map((e) => e.code).slice(0, 10), registry: registry !== null } }], now);
  const key = await answerKey(ctx, now);
  // The photo stays out of the signed payload: the proof is of the facts, and a JWS with an image is unwieldy.
  const { photo: _photo, ...signedData } = answer.data;
  const signed = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...answer, data: signedData }))).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: ANSWER_TYPE }).sign(key.privateKey);
  return { ...answer, signed };
}

/** The keys that sign verification answers (public halves), for whoever keeps an answer as proof. */
export const verificationKeys = (ctx: AppContext): Promise<JSONWebKeySet> => publishedKeys(ctx.db.pool, 'card-verification');

/** Checks a kept answer against the published keys: the answer's payload, or undefined if the signature fails. */
export async function openSignedAnswer(signed: string, jwks: JSONWebKeySet): Promise<Record<string, unknown> | undefined> {
  try {
    const r = await compactVerify(signed, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    if (r.protectedHeader.typ !== ANSWER_TYPE) return undefined;
    return JSON.parse(new TextDecoder().decode(r.payload)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
