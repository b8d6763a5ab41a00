/** The e-ID module's public surface: accounts (levels 1 and 2), login, the OpenID Connect provider, integrated documents. */
export { eidRoutes, requireCitizen, type EidRouteOptions } from './routes.js';
export { citizenSessions, CITIZEN_COOKIE } from './sessions.js';
export { createProvider, issuerUrl, registryClaims, REGISTRY_SCOPES, SCOPE_CLAIMS } from './oidc/provider.js';
export { purgeExpired as purgeExpiredOidcPayloads } from './oidc/adapter.js';
export { rotateSigningKeys } from './oidc/keys.js';
export { createClient, listClients, type NewClient } from './oidc/clients.js';
export { startEnrolment, confirmEnrolment, enrolChild, createDemoAccount } from './enrolment.js';
export { verifyLevel2, activateLevel2, reviewEnrolment, setAccountLock, setAccountLockInTx, listAccounts } from './verification.js';
export { startLogin, finishLogin } from './login.js';
export { registerIssuer, addDocument, DOCUMENT_KINDS } from './documents.js';
export { ACR, type Level } from './model.js';
export * from './contracts.js';
export { activeAccountPhone } from './store.js';
export { registerEidCommands } from './cli.js';
export { noticePhoneOf } from './contact.js';
export { followMergeInTx, type AccountAfterMerge } from './merge.js';
