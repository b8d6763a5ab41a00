/**
 * CT07 confirmations of residence information: issue, signed PDF, signed QR token, public
 * and offline verification. The residence module re-exports this surface.
 */
export { confirmationRoutes } from './routes.js';
export { issueConfirmation, getConfirmation, listOwnConfirmations, confirmationPdf, revokeConfirmation, verifyConfirmation, confirmationJwks, type ConfirmationView, type VerificationAnswer, type IssueOptions } from './service.js';
export { rotateConfirmationKey } from './keys.js';
export { verifyToken, type OfflineResult } from './token.js';
export { validUntil, formatNumber, tokenFromText, verificationUrl, type ConfirmationContent, type TokenClaims, type VerificationStatus } from './model.js';
export { CT07_ISSUE, CT07_REVOKE } from './permissions.js';
export { registerConfirmationCommands } from './cli.js';
export * as confirmationEvents from './events.js';
