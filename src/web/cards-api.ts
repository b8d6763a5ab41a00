/**
 * ID cards (thẻ căn cước) as the web app uses them: the desk's case and intake, production and
 * delivery, appointments and mobile teams, verification, and the citizen's own card. Shapes are
 * the cards module's own types (type-only imports, erased from the bundle); an application is a
 * dossier of the dossier engine, filed and decided through dossiers-api.ts.
 */
import { get, post, request, type Query } from './api.js';
import { citizenCards } from './citizen-api.js';
import type { Page } from './people-api.js';
import { purposeParams } from './read-purpose.js';
import type {
  Appointment,
  BatchResult,
  CardCase,
  CardReason,
  CardStage,
  CardStatus,
  CardView,
  DeliveryRateRow,
  IntakeView,
  Team,
  SlotView,
  VerificationAnswer,
  RegistryView,
  DocumentData,
  AbisHit,
} from '../modules/cards/index.js';

export type {
  Appointment,
  BatchResult,
  CardCase,
  CardReason,
  CardStage,
  CardStatus,
  CardView,
  DeliveryRateRow,
  IntakeView,
  Team,
  SlotView,
  VerificationAnswer,
  RegistryView,
  DocumentData,
  AbisHit,
};

export type IntakePlace = 'desk' | 'home' | 'factory' | 'school' | 'other';
export const INTAKE_PLACES: readonly IntakePlace[] = ['desk', 'home', 'factory', 'school', 'other'];
export type MissingFingerReason = 'amputated' | 'injured' | 'unreadable' | 'disability';
export const MISSING_FINGER_REASONS: readonly MissingFingerReason[] = [
  'amputated',
  'injured',
  'unreadable',
  'disability',
];
export type RevokeReason = 'lost' | 'stolen' | 'holder_deceased' | 'issued_in_error' | 'not_collected';
export const REVOKE_REASONS: readonly RevokeReason[] = [
  'lost',
  'stolen',
  'holder_deceased',
  'issued_in_error',
  'not_collected',
];
export type DeliveryMove = 'shipped' | 'delivered' | 'returned';
export const CARD_STAGES: readonly CardStage[] = ['approved', 'produced', 'shipped', 'delivered', 'returned'];
/** Finger positions 1–5 are the right hand (thumb to little finger), 6–10 the left. */
export const FINGERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** The moves the delivery desk may record from each stage (model.ts DELIVERY_MOVES; the server checks again). */
export const DELIVERY_MOVES: Readonly<Record<CardStage, readonly DeliveryMove[]>> = {
  approved: [],
  produced: ['shipped', 'delivered'],
  shipped: ['delivered', 'returned'],
  delivered: [],
  returned: ['shipped', 'delivered'],
};

export interface FingerInput {
  finger: number;
  /** Base64 PNG or JPEG. */
  image?: string;
  missingReason?: MissingFingerReason;
  note?: string;
}

export interface IntakeBody {
  place: IntakePlace;
  photo?: string;
  fingers?: FingerInput[];
  signature?: string;
}

/** A production batch as the batch list shows it (schemas.ts BatchPage). */
export interface BatchRow {
  id: string;
  number: string;
  producedOn: string;
  producedAt: string;
  producedBy: string;
  cardCount: number;
  signerSerial: string;
}

export interface DeliveryRates {
  level: 'commune' | 'province';
  rows: DeliveryRateRow[];
  total: DeliveryRateRow;
}

export interface DayList {
  day: string;
  team: Team | null;
  items: Appointment[];
}

export interface BookingInput {
  unitCode?: string;
  teamId?: string;
  day: string;
  slot: string;
  place: IntakePlace;
  address?: string;
  pin: string;
  note?: string;
}

/** What the verification desk sends: a QR payload, an MRZ (three lines joined by \n) or the chip's files in base64. */
export type VerifyInput =
  { qr: string } | { mrz: string } | { chip: { dg1: string; dg2?: string; dg13: string; sod: string } };

export const CARD_PAGE_SIZE = 20;
export const BATCH_PAGE_SIZE = 10;

const id = (value: string) => encodeURIComponent(value);
/** Only the desk's own unit query keys the server takes (an empty one is left out). */
const unit = (unitCode: string | undefined): Query => (unitCode ? { unitCode } : {});

export const cardsApi = {
  /** Which application fits the person now, and what in the record must be fixed first (access-logged). */
  caseOf: (pin: string, reason: CardReason | undefined, signal?: AbortSignal) =>
    get<CardCase>(`/api/cards/case/${id(pin)}`, reason ? { reason } : undefined, signal),
  /** What intake captured so far (null: nothing yet), so a reopened intake page shows it. */
  intake: (dossierId: string, signal?: AbortSignal) => get<IntakeView | null>(`/api/cards/applications/${id(dossierId)}/intake`, undefined, signal),
  captureIntake: (dossierId: string, body: IntakeBody) =>
    request<IntakeView>('PUT', `/api/cards/applications/${id(dossierId)}/intake`, { body }),
  intakeImageUrl: (dossierId: string, which: 'photo' | 'signature' | `finger-${number}`) =>
    `/api/cards/applications/${id(dossierId)}/images/${which}`,

  ofPerson: (pin: string, signal?: AbortSignal, purpose: Query = purposeParams()) =>
    get<CardView[]>(`/api/cards/people/${id(pin)}`, purpose, signal),
  list: (
    query: { stage?: CardStage | undefined; batchId?: string | undefined; page: number },
    signal?: AbortSignal,
  ) => get<Page<CardView>>('/api/cards', { pageSize: CARD_PAGE_SIZE, ...query }, signal),
  card: (cardId: string, signal?: AbortSignal) =>
    get<CardView>(`/api/cards/${id(cardId)}`, undefined, signal),
  photoUrl: (cardId: string, purpose?: string) =>
    `/api/cards/${id(cardId)}/photo${purpose ? `?purpose=${id(purpose)}` : ''}`,
  faceUrl: (cardId: string, side: 'front' | 'back') => `/api/cards/${id(cardId)}/face/${side}`,
  deliveryRates: (signal?: AbortSignal) => get<DeliveryRates>('/api/cards/delivery-rates', undefined, signal),

  produceBatch: (limit?: number) => post<BatchResult>('/api/cards/batches', limit ? { limit } : {}),
  batches: (page: number, signal?: AbortSignal) =>
    get<Page<BatchRow>>('/api/cards/batches', { page, pageSize: BATCH_PAGE_SIZE }, signal),
  deliver: (cardId: string, to: DeliveryMove, version: number, reason?: string) =>
    post<CardView>(`/api/cards/${id(cardId)}/delivery`, {
      to,
      expectedVersion: version,
      ...(reason ? { reason } : {}),
    }),
  revoke: (cardId: string, reason: RevokeReason, version: number, note?: string) =>
    post<CardView>(`/api/cards/${id(cardId)}/revoke`, {
      reason,
      expectedVersion: version,
      ...(note ? { note } : {}),
    }),

  teams: (unitCode: string | undefined, signal?: AbortSignal) =>
    get<Team[]>('/api/cards/teams', unit(unitCode), signal),
  createTeam: (unitCode: string | undefined, name: string) =>
    post<Team>('/api/cards/teams', { ...unit(unitCode), name }),
  slots: (query: { unitCode?: string; teamId?: string; day: string }, signal?: AbortSignal) =>
    get<SlotView[]>('/api/cards/slots', query, signal),
  book: (body: BookingInput) => post<Appointment>('/api/cards/appointments', body),
  cancelAppointment: (appointmentId: string) =>
    post<Appointment>(`/api/cards/appointments/${id(appointmentId)}/cancel`),
  dayList: (query: { unitCode?: string; teamId?: string; day: string }, signal?: AbortSignal) =>
    get<DayList>('/api/cards/appointments', query, signal),

  /** Officers get the registry's view too; the answer is signed (JWS) and goes to the holder's access log. */
  verify: (body: VerifyInput) => post<VerificationAnswer>('/api/cards/verify', body),
};

/** The signed-in citizen's own cards (portal session). */
export const citizenCardsApi = citizenCards;

/** A file read as base64 (no `data:` prefix), for the JSON bodies of intake and chip verification. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
