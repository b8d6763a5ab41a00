/**
 * What the web app and other modules may take from e-ID: the shapes the API answers with,
 * and the photo limits the portal shows before an upload. Types only, apart from the limits.
 */
export type { AccountStatus, EidAccount } from './model.js';
export { PHOTO_MAX_BYTES, PHOTO_MIN_BYTES } from './model.js';
export type { OidcClient } from './oidc/clients.js';
export type { RegistryScope } from './oidc/provider.js';
export type { AccountListItem, Level2Input } from './verification.js';
export type { ReviewDetail } from './review-detail.js';
export type { IntegratedDocument } from './documents.js';
export type { SecondFactor } from './login.js';
export type { ConsentView, InteractionView } from './oidc/interactions.js';
export type { PasskeyView } from './passkeys.js';
export type { AccessEntry, HouseholdEvent, UsageView } from './portal-service.js';
export type { SessionView } from './sessions.js';
