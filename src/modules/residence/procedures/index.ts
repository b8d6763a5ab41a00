/** Every residence procedure, declared once each (importing this file declares them). */
export { PERMANENT_REGISTRATION } from './permanent-registration.js';
export { PERMANENT_REMOVAL } from './permanent-removal.js';
export { TEMPORARY_REGISTRATION } from './temporary-registration.js';
export { TEMPORARY_EXTENSION } from './temporary-extension.js';
export { TEMPORARY_REMOVAL } from './temporary-removal.js';
export { HOUSEHOLD_SPLIT } from './household-split.js';
export { HOUSEHOLD_ADJUSTMENT } from './household-adjustment.js';
export { ABSENCE_DECLARATION } from './absence-declaration.js';
export { RESIDENCE_DECLARATION } from './residence-declaration.js';
