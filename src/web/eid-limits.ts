/** The server's photo size limits, for the test that keeps the portal's copy of them equal (not bundled: only tests import it). */
export { PHOTO_MAX_BYTES, PHOTO_MIN_BYTES } from '../modules/eid/contracts.js';
