import { authorize } from '../../kernel/access.js';
import type { Actor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import { invalid } from '../../kernel/errors.js';
import { followMergeInTx, type AccountAfterMerge } from '../eid/index.js';
import { mergePeopleInTx, type MergeMoves } from '../people/index.js';
import { alreadyDecided, findPair } from './candidates.js';
import { splitClusters } from './clusters.js';
import { linkNewPeople } from './realtime.js';
import { QUALITY_MERGE } from './permissions.js';
import { checkRecords } from './rules-run.js';

export interface MergeRequest {
  pinA: string;
  pinB: string;
  /** Which of the two stays. */
  survivorPin: string;
  survivorVersion: number;
  mergedVersion: number;
  note?: string | null;
}

export interface MergeResult {
  survivorPin: string;
  mergedPin: string;
  moved: MergeMoves;
  account: AccountAfterMerge;
}

/**
 * Merges a candidate pair in one transaction: the registry merge (people), the e-ID account
 * (eid), the pair's decision, the other pairs of the duplicate retired, and the rules run again
 * on the survivor and the households concerned. Other modules follow through `person.merged`.
 */
export async function mergePair(ctx: AppContext, actor: Actor, req: MergeRequest): Promise<MergeResult> {
  authorize(actor, QUALITY_MERGE);
  if (req.survivorPin !== req.pinA && req.survivorPin !== req.pinB) {
    throw invalid('survivor_not_in_pair', 'survivorPin', { vi: 'Hồ sơ giữ lại phải là một trong hai hồ sơ của cặp.', en: 'The record to keep must be one of the pair.' });
  }
  const mergedPin = req.survivorPin === req.pinA ? req.pinB : req.pinA;
  return ctx.db.transaction(async (tx) => {
    const { row } = await findPair(tx, actor, req.pinA, req.pinB, true);
    if (row.state !== 'open') throw alreadyDecided(row.state);
    const outcome = await mergePeopleInTx(tx, ctx, actor, { survivorPin: req.survivorPin, mergedPin, survivorVersion: req.survivorVersion, mergedVersion: req.mergedVersion }, { reasonCode: 'duplicate_merge', reasonNote: req.note ?? null });
    const survivorId = outcome.survivor.id;
    const mergedId = row.person_a === survivorId ? row.person_b : row.person_a;
    const account = await followMergeInTx(tx, ctx, actor, { survivorId, survivorPin: outcome.survivor.pin, mergedId, mergedPin, unitCode: outcome.survivor.unitCode });
    const now = ctx.clock.now();
    await tx.query(`UPDATE duplicate_candidate SET state = 'merged', decided_at = $3, decided_by = $4, reason = $5 WHERE person_a = $1 AND person_b = $2`, [row.person_a, row.person_b, now, actor.id, req.note ?? null]);
    // The duplicate's other pairs now concern the survivor: retired, and the survivor (which may
    // have gained the duplicate's data) is looked up again at once, as a new record would be.
    await tx.query(`UPDATE duplicate_candidate SET state = 'superseded', decided_at = $2, decided_by = $3 WHERE state = 'open' AND (person_a = $1 OR person_b = $1)`, [mergedId, now, actor.id]);
    await tx.query('DELETE FROM duplicate_block_key WHERE person_id = $1', [mergedId]);
    await splitClusters(tx, [survivorId, mergedId], now);
    await linkNewPeople(tx, ctx, [survivorId], `merge:${mergedPin}`);
    const households = await tx.query<{ household_id: string }>('SELECT DISTINCT household_id FROM household_member WHERE person_id = ANY($1::uuid[]) AND (valid_to IS NULL OR valid_to >= $2)', [[survivorId, mergedId], now.toISOString().slice(0, 10)]);
    await checkRecords(tx, ctx, { people: [survivorId, mergedId], households: households.rows.map((h) => h.household_id) });
    return { survivorPin: outcome.survivor.pin, mergedPin, moved: outcome.moved, account };
  });
}
