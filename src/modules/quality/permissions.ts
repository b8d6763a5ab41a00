import { definePermission } from '../../kernel/access.js';

/**
 * What the data-quality module lets each role do; unit scope is checked separately (a pair
 * across two units is decided by an officer whose scope holds both records).
 */
const POLICE = ['commune_officer', 'province_officer', 'national_officer'] as const;
export const QUALITY_READ = definePermission('quality', 'quality.read', { roles: [...POLICE, 'admin'], description: 'See the data-quality findings, duplicate candidates and the clean-rate report of the unit' });
export const QUALITY_REVIEW = definePermission('quality', 'quality.review', { roles: POLICE, description: 'Work the cleaning lists: accept a finding as correct with a reason, decide that a pair is not a duplicate' });
export const QUALITY_MERGE = definePermission('quality', 'quality.merge', { roles: POLICE, description: 'Merge two records of one person (the duplicate’s PIN is cancelled and points to the survivor)' });
export const QUALITY_RUN = definePermission('quality', 'quality.run', { roles: ['province_officer', 'national_officer', 'admin'], description: 'Run the rules and duplicate detection over the population, set the linkage thresholds' });
