import { definePermission } from '../../kernel/access.js';

/** What the population registry lets each role do; scope (which unit) is checked separately. */
export const PEOPLE_READ = definePermission('people', 'people.read', {
  roles: ['commune_officer', 'province_officer', 'national_officer', 'admin'],
  description: 'Read people, households and residence in the unit (every read is access-logged)',
});
export const PEOPLE_WRITE = definePermission('people', 'people.write', {
  roles: ['commune_officer', 'province_officer', 'national_officer', 'admin'],
  description: 'Enter and change people, households, residence and life events in the unit',
});
export const PEOPLE_IMPORT = definePermission('people', 'people.import', {
  roles: ['province_officer', 'national_officer', 'admin'],
  description: 'Bulk-load people and households into the unit',
});
