import { definePermission } from '../../kernel/access.js';

/**
 * What the residence module lets each role do; scope (which unit) is checked separately.
 * Residence dossiers are decided by the commune police (and the levels above them); the
 * province's floor-area minimum is national or administrative configuration.
 */
export const RESIDENCE_DECIDE = definePermission('residence', 'residence.decide', {
  roles: ['commune_officer', 'province_officer', 'national_officer'],
  description: 'Approve or reject residence dossiers (registration, removal, split, adjustment, absence, declaration)',
});
export const RESIDENCE_NOTICE = definePermission('residence', 'residence.notice', {
  roles: ['commune_officer', 'province_officer', 'national_officer'],
  description: 'Record removal notices before an ex-officio removal, and stay notifications given at the desk',
});
export const RESIDENCE_CONFIGURE = definePermission('residence', 'residence.configure', {
  roles: ['national_officer', 'admin'],
  description: "Set a province's minimum floor area per person for registering in rented or borrowed dwellings (never below 8 m²)",
});
