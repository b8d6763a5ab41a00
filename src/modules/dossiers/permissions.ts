import { definePermission } from '../../kernel/access.js';

/**
 * What the dossier engine lets each role do; scope (the dossier's office in the officer's
 * unit) is checked separately. A procedure may name another permission as its decider.
 * Administrators see dossiers (support, audit) but do not process or decide them.
 */
export const DOSSIERS_READ = definePermission('dossiers', 'dossiers.read', {
  roles: ['commune_officer', 'province_officer', 'national_officer', 'admin'],
  description: 'See the dossiers of the unit and their queue (reads naming people are access-logged)',
});
export const DOSSIERS_PROCESS = definePermission('dossiers', 'dossiers.process', {
  roles: ['commune_officer', 'province_officer', 'national_officer'],
  description: 'File dossiers at the counter, check intake, receive, ask for supplements, refuse, record fees, assign, review and notify results',
});
export const DOSSIERS_DECIDE = definePermission('dossiers', 'dossiers.decide', {
  roles: ['commune_officer', 'province_officer', 'national_officer'],
  description: 'Approve or reject a dossier after review (procedures may require another permission)',
});
