/** The drawn intake images (portrait, fingerprints, signature) the demo data also uses. */
export { portraitPng, fingerprintPng, signaturePng, tenFingers } from '../src/modules/cards/demo-images.js';
