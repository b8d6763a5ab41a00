/**
 * Passive authentication (ICAO 9303 part 11 §5.1) of a card's chip files, plus the checks between
 * them. Every step runs whatever earlier ones found, so one answer lists every problem:
 *
 *   1. decode DG1, DG2, DG13                  chip_file_malformed, chip_dg13_field_*, chip_photo_format_unsupported
 *   2. read the SOD                           chip_file_malformed (sod)
 *   3. the SOD's signature with its DS cert   chip_signer_missing, chip_signature_invalid, chip_algorithm_unsupported
 *   4. the DS certificate at `at`             chip_signer_not_yet_valid, chip_signer_expired, chip_signer_revoked,
 *                                             chip_signer_untrusted (no given CSCA certifies it)
 *   5. each data group's hash against the SOD chip_hash_mismatch, chip_group_missing_in_sod, chip_file_missing
 *   6. DG1 against DG13, the PIN's structure  chip_mrz_dg13_mismatch, chip_pin_structure
 *
 * Never throws: any failure inside a library is reported as an issue about the file it read.
 */
import { checkIssue, type CheckIssue, type Checked } from '../check-issue.js';
import { bufferSource, sameBytes } from './asn1.js';
import { readCertificate, type CertificateView } from './certificate.js';
import { checkPinStructure, compareMrzWithDg13 } from './consistency.js';
import { decodeDg1 } from './dg1.js';
import { decodeDg13, type Dg13Fields } from './dg13.js';
import { decodeDg2 } from './dg2.js';
import { DATA_GROUPS, EF_NAMES, malformed, type ChipFiles, type DataGroupKey } from './files.js';
import { OID_LDS_SECURITY_OBJECT } from './oids.js';
import { readSod, type ParsedSod } from './sod-read.js';
import { verifySignature } from './signature.js';
import { webcrypto, x509 } from './x509.js';

export interface ChipTrust {
  /** The CSCA certificates to accept (DER). */
  cscaCertificatesDer: Uint8Array[];
  /** Serial numbers of revoked Document Signers, hex (case, colons and leading zeros ignored). */
  revokedSignerSerials: string[];
  /** The moment the chip is checked at. */
  at: Date;
}

export interface SignerInfoSummary {
  /** Lowercase hex. */
  serial: string;
  subject: string;
  issuer: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
}

export interface VerifiedChip {
  /** The three MRZ lines joined by `\n`. */
  mrz: string;
  dg13: Dg13Fields;
  /** Absent when the card has no DG2 (a child under 6). */
  photo?: { mime: string; bytes: Uint8Array };
  signer: SignerInfoSummary;
}

export async function verifyChip(files: ChipFiles, trust: ChipTrust): Promise<Checked<VerifiedChip>> {
  try {
    return await verifyUnsafe(files, trust);
  } catch (e) {
    // Each step guards its own input; this is the net for what the types rule out but a caller
    // in plain JavaScript (or a JSON body) could still pass, e.g. a file that is not bytes.
    const why = e instanceof Error ? e.message : String(e);
    return {
      data: {},
      issues: [
        checkIssue(
          'chip_unreadable',
          undefined,
          `Không kiểm tra được chip (${why}).`,
          `The chip cannot be checked (${why}).`,
        ),
      ],
    };
  }
}

async function verifyUnsafe(files: ChipFiles, trust: ChipTrust): Promise<Checked<VerifiedChip>> {
  const issues: CheckIssue[] = [];
  const data: Partial<VerifiedChip> = {};

  const dg1 = guard('dg1', () => decodeDg1(files.dg1));
  const dg13 = guard('dg13', () => decodeDg13(files.dg13));
  issues.push(...dg1.issues, ...dg13.issues);
  if (dg1.data.mrz !== undefined) data.mrz = dg1.data.mrz;
  if (isComplete(dg13.data)) data.dg13 = dg13.data;
  if (files.dg2 !== null) {
    const dg2 = guard('dg2', () => decodeDg2(files.dg2 ?? new Uint8Array()));
    issues.push(...dg2.issues);
    if (dg2.data.image !== undefined && dg2.data.imageMime !== undefined)
      data.photo = { mime: dg2.data.imageMime, bytes: dg2.data.image };
  }

  const sod = guard('sod', () => {
    const r = readSod(files.sod);
    return 'sod' in r ? { data: r.sod, issues: [] } : { data: {}, issues: r.issues };
  });
  issues.push(...sod.issues);
  if (sod.issues.length === 0) {
    const parsed = sod.data as ParsedSod;
    const [signerIssues, hashIssues] = await Promise.all([
      checkSigner(parsed, trust, data),
      checkHashes(parsed, files),
    ]);
    issues.push(...signerIssues, ...hashIssues);
  }

  if (dg1.data.mrz !== undefined) issues.push(...compareMrzWithDg13(dg1.data.mrz, dg13.data));
  issues.push(...checkPinStructure(dg13.data));
  return { data, issues };
}

/** Steps 3 and 4; fills `data.signer` when the certificate can be read. */
async function checkSigner(
  sod: ParsedSod,
  trust: ChipTrust,
  data: Partial<VerifiedChip>,
): Promise<CheckIssue[]> {
  const cert = sod.signer;
  if (cert === null) {
    return [
      issue(
        'chip_signer_missing',
        'SOD không chứa chứng thư của bên ký tài liệu (Document Signer) mà chữ ký chỉ tới.',
        'The SOD does not contain the Document Signer certificate its signature names.',
      ),
    ];
  }
  const signer = summarise(cert);
  data.signer = signer;
  const [signatureIssues, chainIssues] = await Promise.all([
    checkSignature(sod, cert),
    checkChain(cert, signer, trust.cscaCertificatesDer),
  ]);
  return [
    ...signatureIssues,
    ...checkDates(cert, trust.at),
    ...checkRevoked(signer.serial, trust.revokedSignerSerials),
    ...chainIssues,
  ];
}

async function checkSignature(sod: ParsedSod, cert: CertificateView): Promise<CheckIssue[]> {
  const attrs = sod.signedAttributes;
  const invalid = (vi: string, en: string) => [
    issue(
      'chip_signature_invalid',
      `Chữ ký của SOD không hợp lệ: ${vi}`,
      `The SOD signature is not valid: ${en}`,
    ),
  ];
  if (attrs !== null) {
    if (attrs.contentType === null || attrs.messageDigest === null) {
      return invalid(
        'thiếu thuộc tính content-type hoặc message-digest.',
        'the content-type or message-digest attribute is missing.',
      );
    }
    if (attrs.contentType !== OID_LDS_SECURITY_OBJECT) {
      return invalid(
        'thuộc tính content-type không phải id-icao-ldsSecurityObject.',
        'the content-type attribute is not id-icao-ldsSecurityObject.',
      );
    }
    if (sod.digestHash === null) return [unsupported(`digest algorithm ${sod.digestAlgorithm}`)];
    const digest = new Uint8Array(await webcrypto.subtle.digest(sod.digestHash, bufferSource(sod.eContent)));
    if (!sameBytes(digest, attrs.messageDigest)) {
      return invalid(
        'giá trị băm của LDSSecurityObject khác thuộc tính message-digest đã ký.',
        'the LDSSecurityObject hash differs from the signed message-digest attribute.',
      );
    }
  }
  try {
    // Without signed attributes (not ICAO, but CMS allows it) the signature covers the content.
    const check = await verifySignature(
      cert,
      sod.signatureAlgorithm,
      sod.digestHash,
      attrs?.der ?? sod.eContent,
      sod.signature,
    );
    if ('unsupported' in check) return [unsupported(check.unsupported)];
    if (check.valid) return [];
  } catch {
    // The key in the certificate does not import: the signature cannot be valid with it.
  }
  return invalid(
    'chữ ký không khớp với khóa công khai trong chứng thư của bên ký tài liệu.',
    'it does not verify with the public key of the Document Signer certificate.',
  );
}

function checkDates(cert: CertificateView, at: Date): CheckIssue[] {
  if (at < cert.notBefore) {
    const from = cert.notBefore.toISOString();
    return [
      issue(
        'chip_signer_not_yet_valid',
        `Chứng thư của bên ký tài liệu chỉ có hiệu lực từ ${from}.`,
        `The Document Signer certificate is valid only from ${from}.`,
      ),
    ];
  }
  if (at > cert.notAfter) {
    const until = cert.notAfter.toISOString();
    return [
      issue(
        'chip_signer_expired',
        `Chứng thư của bên ký tài liệu đã hết hạn lúc ${until}.`,
        `The Document Signer certificate expired at ${until}.`,
      ),
    ];
  }
  return [];
}

function checkRevoked(serial: string, revoked: string[]): CheckIssue[] {
  if (!revoked.some((r) => normaliseSerial(r) === normaliseSerial(serial))) return [];
  return [
    issue(
      'chip_signer_revoked',
      `Chứng thư của bên ký tài liệu (số sê-ri ${serial}) đã bị thu hồi.`,
      `The Document Signer certificate (serial ${serial}) has been revoked.`,
    ),
  ];
}

/** Some given CSCA whose subject is the DS issuer and whose key verifies the DS certificate. */
async function checkChain(
  cert: CertificateView,
  signer: SignerInfoSummary,
  cscasDer: Uint8Array[],
): Promise<CheckIssue[]> {
  let unreadable = 0;
  for (const der of cscasDer) {
    const csca = readCertificate(der);
    if (csca === null) {
      unreadable++;
      continue;
    }
    if (!sameBytes(csca.subjectDer, cert.issuerDer)) continue;
    try {
      const check = await verifySignature(csca, cert.signatureAlgorithm, null, cert.tbsDer, cert.signature);
      if ('valid' in check && check.valid) return [];
    } catch {
      // This CSCA's key does not import: it cannot vouch for the signer; try the next.
    }
  }
  const note = unreadable
    ? {
        vi: ` (${unreadable} chứng thư CSCA trong danh sách tin cậy không đọc được)`,
        en: ` (${unreadable} CSCA certificate(s) in the trust list could not be read)`,
      }
    : { vi: '', en: '' };
  return [
    issue(
      'chip_signer_untrusted',
      `Chứng thư của bên ký tài liệu (${signer.subject}, do ${signer.issuer} cấp) không được CSCA tin cậy nào chứng nhận${note.vi}.`,
      `The Document Signer certificate (${signer.subject}, issued by ${signer.issuer}) is not certified by any trusted CSCA${note.en}.`,
    ),
  ];
}

/** Step 5: each file given against the SOD, and each group the SOD lists against the files. */
async function checkHashes(sod: ParsedSod, files: ChipFiles): Promise<CheckIssue[]> {
  const checks = (Object.entries(DATA_GROUPS) as [DataGroupKey, number][]).map(
    async ([key, n]): Promise<CheckIssue[]> => {
      const file = files[key];
      const expected = sod.lds.hashes.get(n);
      if (file === null) {
        return expected === undefined
          ? []
          : [
              issue(
                'chip_file_missing',
                `SOD có giá trị băm của DG${n} nhưng không có tệp ${EF_NAMES[key]}.`,
                `The SOD lists DG${n} but ${EF_NAMES[key]} was not given.`,
                key,
              ),
            ];
      }
      if (expected === undefined)
        return [
          issue(
            'chip_group_missing_in_sod',
            `SOD không có giá trị băm của DG${n}: không thể xác thực tệp này.`,
            `The SOD holds no hash for DG${n}: the file cannot be authenticated.`,
            key,
          ),
        ];
      const actual = new Uint8Array(await webcrypto.subtle.digest(sod.lds.hash, bufferSource(file)));
      if (sameBytes(actual, expected)) return [];
      return [
        issue(
          'chip_hash_mismatch',
          `Giá trị băm của DG${n} khác giá trị trong SOD: dữ liệu trên chip đã bị thay đổi.`,
          `The hash of DG${n} differs from the one in the SOD: the chip data has been altered.`,
          key,
        ),
      ];
    },
  );
  return (await Promise.all(checks)).flat();
}

/** Every field read (a null counts: it was read as absent), so the whole record can be shown. */
function isComplete(fields: Partial<Dg13Fields>): fields is Dg13Fields {
  return DG13_KEYS.every((k) => fields[k] !== undefined);
}

/** Written as a record so that a new field in Dg13Fields does not compile until listed here. */
const DG13_KEYS = Object.keys({
  pin: true,
  fullName: true,
  birthDate: true,
  sex: true,
  nationality: true,
  ethnicity: true,
  religion: true,
  originPlace: true,
  residencePlace: true,
  identifyingMarks: true,
  issueDate: true,
  expiryDate: true,
  fatherName: true,
  motherName: true,
  spouseName: true,
  oldId: true,
} satisfies Record<keyof Dg13Fields, true>) as (keyof Dg13Fields)[];

function summarise(cert: CertificateView): SignerInfoSummary {
  return {
    serial: Buffer.from(cert.serial).toString('hex'),
    subject: nameOf(cert.subjectDer),
    issuer: nameOf(cert.issuerDer),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
  };
}

/** RFC 4514-style text of a DER Name ("C=VN, O=Bo Cong an, CN=…"), or hex if it cannot be read. */
function nameOf(der: Uint8Array): string {
  try {
    return new x509.Name(bufferSource(der)).toString();
  } catch {
    return Buffer.from(der).toString('hex');
  }
}

/** Hex serials compare without case, separators or leading zero octets ("00:AB" = "ab"). */
function normaliseSerial(serial: string): string {
  return serial
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .replace(/^0+/, '');
}

function issue(code: string, vi: string, en: string, field = 'sod'): CheckIssue {
  return checkIssue(code, field, vi, en);
}

function unsupported(what: string): CheckIssue {
  return issue(
    'chip_algorithm_unsupported',
    `SOD dùng thuật toán chưa được hỗ trợ (${what}).`,
    `The SOD uses an algorithm this verifier does not support (${what}).`,
  );
}

/** Runs a decoder; anything it throws (it should not) becomes a malformed-file issue. */
function guard<T>(file: keyof ChipFiles, run: () => Checked<T>): Checked<T> {
  try {
    return run();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { data: {}, issues: [malformed(file, `lỗi khi đọc (${why})`, `reading failed (${why})`)] };
  }
}
