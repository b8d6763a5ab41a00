import { definePermission } from '../../kernel/access.js';

/**
 * What the cards module lets each role do; unit scope is checked separately. Intake and
 * approval are the commune and province police's work; production runs at the national card
 * centre; delivery is recorded by whoever hands the card over; verification against the registry
 * is open to every officer of any unit (a one-stop shop checks cards of people from anywhere).
 */
const POLICE = ['commune_officer', 'province_officer', 'national_officer'] as const;
export const CARDS_INTAKE = definePermission('cards', 'cards.intake', { roles: POLICE, description: 'File card applications, book intake appointments, capture photo, fingerprints and signature' });
export const CARDS_DECIDE = definePermission('cards', 'cards.decide', { roles: POLICE, description: 'Approve or reject card applications' });
export const CARDS_PRODUCE = definePermission('cards', 'cards.produce', { roles: ['province_officer', 'national_officer'], description: 'Run production batches (card number, MRZ, QR, signed chip data)' });
export const CARDS_DELIVER = definePermission('cards', 'cards.deliver', { roles: POLICE, description: 'Record cards shipped, delivered or returned' });
export const CARDS_REVOKE = definePermission('cards', 'cards.revoke', { roles: POLICE, description: 'Revoke a card reported lost or stolen' });
export const CARDS_READ = definePermission('cards', 'cards.read', { roles: POLICE, description: "See a person's cards and face photo, and the production and delivery lists" });
export const CARDS_VERIFY = definePermission('cards', 'cards.verify', { roles: [...POLICE, 'admin'], description: 'Check a card (QR, MRZ, chip) against the registry: card status, living or deceased' });
export const CARDS_KEYS = definePermission('cards', 'cards.keys', { roles: ['national_officer', 'admin'], description: 'Rotate the Document Signer, revoke a Document Signer certificate' });
