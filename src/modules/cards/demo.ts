import type { OfficerActor } from '../../kernel/actor.js';
import type { AppContext } from '../../kernel/context.js';
import { actOnDossier, submitDossier, type DossierDetails } from '../dossiers/index.js';
import { captureIntake } from './intake.js';
import { portraitPng, signaturePng, tenFingers } from './demo-images.js';
import { produceBatch } from './production.js';
import { recordDelivery } from './delivery.js';
import * as store from './store.js';

/**
 * Demo cards, made through the real flow (application, intake with drawn images, approval,
 * production, delivery) so `npm start` shows a citizen's card in the portal, a person's photo on
 * the console, and an application waiting on the production desk. Idempotent: people who
 * already have a card are left alone.
 */
export async function seedDemoCards(ctx: AppContext, actors: { commune: OfficerActor; national: OfficerActor }, people: { delivered: Array<{ pin: string; personId: string }>; waiting: Array<{ pin: string; personId: string }> }): Promise<number> {
  let made = 0;
  const file = async (pin: string, seed: number): Promise<DossierDetails> => {
    let d = await submitDossier(ctx, actors.commune, { procedure: 'CARD.first-issue', applicantPin: pin, unitCode: actors.commune.unitCode!, channel: 'counter', requestId: `demo-card-${pin}`, form: { deliveryMethod: 'office' } });
    if (d.state !== 'submitted') return d;
    await captureIntake(ctx, actors.commune, d.id, { place: 'desk', photo: portraitPng(seed), fingers: tenFingers(seed), signature: signaturePng(seed) });
    const act = async (type: 'receive' | 'pay_fee' | 'review' | 'decide', payload = {}) => (d = await actOnDossier(ctx, actors.commune, d.id, { type, expectedSeq: d.lastSeq, payload }));
    await act('receive');
    if ((d.state as string) === 'received') await act('pay_fee', { method: 'cash' });
    await act('review');
    await act('decide', { outcome: 'approve' });
    made++;
    return d;
  };
  let seed = 100;
  const delivered: string[] = [];
  for (const p of people.delivered) {
    if ((await store.cardsOf(ctx.db.pool, p.personId)).length > 0) continue;
    const d = await file(p.pin, seed++);
    if (d.state === 'approved') delivered.push(d.id);
  }
  if (delivered.length > 0) await produceBatch(ctx, actors.national);
  for (const dossierId of delivered) {
    const card = await store.findCardByDossier(ctx.db.pool, dossierId);
    if (card?.stage === 'produced') await recordDelivery(ctx, actors.commune, card.id, { to: 'delivered' });
  }
  for (const p of people.waiting) {
    if ((await store.cardsOf(ctx.db.pool, p.personId)).length > 0) continue;
    await file(p.pin, seed++);
  }
  return made;
}
