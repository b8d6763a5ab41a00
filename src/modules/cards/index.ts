/**
 * The cards module's public surface: card applications as dossiers (the procedures are declared
 * when this module is loaded), intake, production, delivery, the card views, and the one
 * verification library behind the CLI, the API and the page.
 */
export { cardRoutes } from './routes.js';
export { registerCardCommands } from './cli.js';
export { CARD_FIRST_ISSUE, CARD_RENEWAL, CARD_RENEWAL_AGE, CARD_REISSUE, cardCase, recordProblems, RENEWAL_REASONS, type CardCase, type CardReason } from './applications.js';
export { captureIntake, readIntakeImage, FINGER_NAMES, MISSING_FINGER_REASONS, type IntakeInput, type IntakeView } from './intake.js';
export { produceBatch, type BatchResult } from './production.js';
export { recordDelivery, revokeCard, reportOwnCardLost } from './delivery.js';
export { cardsOfPerson, getCard, cardPhoto, cardImage, currentCardOf, ownCards, listCards, deliveryRates, type CardView, type DeliveryRateRow } from './card-views.js';
export { bookAppointment, cancelAppointment, createTeam, listTeams, listSlots, dayList, type Appointment, type Team, type SlotView } from './appointments.js';
export { verifyCard, verificationKeys, openSignedAnswer, type VerificationAnswer, type RegistryView } from './verification.js';
export { verifyDocument, type DocumentCheck, type DocumentData, type DocumentInput } from './verify.js';
export { ensureCardKeys, rotateDocumentSigner, rotateCsca, revokeDocumentSigner, trustAnchors } from './keys.js';
export { byteIdenticalDevelopmentAbis, type Abis, type AbisHit } from './abis.js';
export { STAGE_NAMES, STATUS_NAMES, REVOKE_REASONS, cardStatus, type CardStage, type CardStatus } from './model.js';
export { CARDS_INTAKE, CARDS_DECIDE, CARDS_PRODUCE, CARDS_DELIVER, CARDS_REVOKE, CARDS_READ, CARDS_VERIFY, CARDS_KEYS } from './permissions.js';
export * as cardEvents from './events.js';
export type { CheckIssue } from './check-issue.js';
export { seedDemoCards } from './demo.js';
export { cardDeathSubscriber, DEATH_SUBSCRIBER } from './death-subscriber.js';
export { cardMergeSubscriber, MERGE_SUBSCRIBER } from './merge-subscriber.js';
