import { definePermission } from '../../../kernel/access.js';

/**
 * Any registration office nationwide may confirm residence information (Law on Residence 2020,
 * Circular 55/2021 as amended by 66/2023): issuing is a permission, not a unit scope. Every read
 * it makes is access-logged with its purpose.
 */
export const CT07_ISSUE = definePermission('residence', 'residence.confirmation.issue', {
  roles: ['commune_officer', 'province_officer', 'national_officer'],
  description: 'Issue (and print again) a confirmation of residence information (CT07) for anyone in the registry',
});
export const CT07_REVOKE = definePermission('residence', 'residence.confirmation.revoke', {
  roles: ['commune_officer', 'province_officer', 'national_officer'],
  description: 'Revoke a CT07 confirmation (issued in error, or on a court or agency request)',
});
