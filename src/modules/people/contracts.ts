/**
 * Reference lists the web app shows by name (pure data, no server code): ethnic groups,
 * relationships to the household head, religions.
 */
export { ETHNIC_GROUPS } from './reference/ethnicities.js';
export { RELATIONS } from './reference/relations.js';
export { RELIGIONS } from './reference/religions.js';
