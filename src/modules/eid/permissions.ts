import { definePermission } from '../../kernel/access.js';

/** What officers may do with e-ID: review and verify citizens of their unit; administrators register relying parties and issuers. */
export const EID_VERIFY = definePermission('eid', 'eid.verify', {
  roles: ['commune_officer', 'province_officer', 'national_officer', 'admin'],
  description: 'Review level-1 enrolments, verify level 2 in person, lock and unlock accounts of the unit',
});
export const EID_CLIENTS = definePermission('eid', 'eid.clients', {
  roles: ['admin'],
  description: 'Register relying parties (OpenID Connect clients) and document issuers',
});
