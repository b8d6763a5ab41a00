import { authorize, inScope } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import { officerNames } from '../../kernel/auth/officers.js';
import type { AppContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/errors.js';
import { getPersonInTx, unloggedPersonById } from '../people/index.js';
import type { EidAccount } from './model.js';
import { EID_VERIFY } from './permissions.js';
import { findAccount, toAccount } from './store.js';

/**
 * What an officer needs beside the uploaded selfie to decide an enrolment: the person's record
 * as the registry has it, every earlier attempt (its photo and how it was decided), and the
 * in-person verifications. The registry holds no portrait yet (cards will bring card photos),
 * so there is nothing here to show as "the photo on file" and the console says so.
 */
export interface PersonSummary {
  pin: string;
  fullName: string;
  birthDate: string;
  sex: string;
  status: string;
  nationality: string;
  unitCode: string | null;
  /** The permanent residence's address as written, else the current one's; null without one. */
  address: string | null;
  householdNo: string | null;
}

export interface EnrolmentAttempt {
  photoId: string;
  uploadedAt: string;
  /** The officer's decision on this attempt, or null while it waits (or when an in-person check superseded it). */
  decision: 'approved' | 'rejected' | null;
  note: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  /** True for the newest attempt: the one the queue asks about now. */
  current: boolean;
}

export interface InPersonCheck {
  at: string;
  officer: string | null;
  unitCode: string | null;
  fingerprintsMatched: boolean | null;
  note: string | null;
}

export interface ReviewDetail {
  account: EidAccount;
  person: PersonSummary;
  attempts: EnrolmentAttempt[];
  inPerson: InPersonCheck[];
}

interface PhotoRow {
  id: string;
  uploaded_at: Date;
}
interface VerificationRow {
  kind: 'level1_review' | 'level2_in_person';
  officer_id: string;
  unit_code: string | null;
  fingerprints_matched: boolean | null;
  decision: 'approved' | 'rejected';
  note: string | null;
  at: Date;
}

/**
 * Pairs each uploaded photo with the first review made after it and before the next photo: a
 * review decides the attempt the officer saw. Newest attempt first. Pure, for tests.
 */
export function pairAttempts(photos: Array<{ id: string; at: Date }>, reviews: Array<{ at: Date; decision: 'approved' | 'rejected'; note: string | null; by: string | null }>): EnrolmentAttempt[] {
  const sorted = [...photos].sort((a, b) => a.at.getTime() - b.at.getTime());
  const attempts = sorted.map((p, i) => {
    const next = sorted[i + 1]?.at.getTime() ?? Number.POSITIVE_INFINITY;
    const review = reviews.filter((r) => r.at.getTime() >= p.at.getTime() && r.at.getTime() < next).sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    return {
      photoId: p.id,
      uploadedAt: p.at.toISOString(),
      decision: review?.decision ?? null,
      note: review?.note ?? null,
      decidedAt: review?.at.toISOString() ?? null,
      decidedBy: review?.by ?? null,
      current: i === sorted.length - 1,
    };
  });
  return attempts.reverse();
}

const accountNotFound = () => notFound('account_not_found', { vi: 'Không tìm thấy tài khoản định danh điện tử.', en: 'No such e-ID account.' }, 'id');

/**
 * The review file of an account of a person in the officer's unit (outside it: like a missing
 * account). The person's record is read through the people module, so the read is on that
 * person's access log with the purpose, in the same transaction as the rest.
 */
export async function getReviewDetail(ctx: AppContext, actor: Actor, id: string): Promise<ReviewDetail> {
  authorize(actor, EID_VERIFY);
  return ctx.db.transaction(async (tx) => {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await findAccount(tx, { id }) : undefined;
    const owner = row ? await unloggedPersonById(tx, row.person_id) : undefined;
    if (!row || !owner || !inScope(actor, { communeCode: owner.unitCode, provinceCode: owner.provinceCode })) throw accountNotFound();
    const details = await getPersonInTx(tx, ctx, actor, owner.pin, { code: 'eid_enrolment_review' });
    const photos = await tx.query<PhotoRow>('SELECT id, uploaded_at FROM eid_face_photo WHERE account_id = $1 ORDER BY uploaded_at', [row.id]);
    const checks = await tx.query<VerificationRow>('SELECT kind, officer_id, unit_code, fingerprints_matched, decision, note, at FROM eid_verification WHERE account_id = $1 ORDER BY at', [row.id]);
    const names = await officerNames(tx, [...new Set(checks.rows.map((c) => c.officer_id))]);
    const reviews = checks.rows.filter((c) => c.kind === 'level1_review').map((c) => ({ at: c.at, decision: c.decision, note: c.note, by: names.get(c.officer_id) ?? null }));
    const p = details.person;
    const home = details.residences.find((r) => r.kind === 'permanent' && !r.validTo) ?? details.residences.find((r) => !r.validTo);
    return {
      account: toAccount(row),
      person: {
        pin: p.pin,
        fullName: p.fullName,
        birthDate: p.birthDate,
        sex: p.sex,
        status: p.status,
        nationality: p.nationality,
        unitCode: p.unitCode,
        address: home?.address ?? null,
        householdNo: details.household?.householdNo ?? null,
      },
      attempts: pairAttempts(photos.rows.map((ph) => ({ id: ph.id, at: ph.uploaded_at })), reviews),
      inPerson: checks.rows
        .filter((c) => c.kind === 'level2_in_person')
        .reverse()
        .map((c) => ({ at: c.at.toISOString(), officer: names.get(c.officer_id) ?? null, unitCode: c.unit_code, fingerprintsMatched: c.fingerprints_matched, note: c.note })),
    };
  });
}
