/**
 * The chip of the Vietnamese ID card as an ICAO eMRTD: encoding and decoding DG1 (MRZ), DG2
 * (face) and DG13 (personal data), signing the SOD, the CSCA / Document Signer chain, passive
 * authentication, and the chip directory layout. Pure (no database); crypto through WebCrypto.
 */
export { encodeDg1, decodeDg1 } from './dg1.js';
export { encodeDg2, decodeDg2, type Dg2Data } from './dg2.js';
export { encodeDg13, decodeDg13, type Dg13Fields } from './dg13.js';
export { imageMimeOf, type ImageMime } from './facial-record.js';
export { signSod, type SodGroups } from './sod.js';
export { createCsca, createDocumentSigner, toPem, fromPem, type IssuedKey, type SigningKey } from './pki.js';
export { verifyChip, type ChipTrust, type VerifiedChip, type SignerInfoSummary } from './passive-auth.js';
export { writeChipDir, readChipDir, chipFileName } from './chip-dir.js';
export { EF_NAMES, type ChipFiles, type ChipFileKey } from './files.js';
