/**
 * Why personal data was read (purposes) and why the registry was changed (reasons), as codes
 * from closed lists with a Vietnamese and an English label. The audit log, the person history
 * and the API carry the code; each reader shows the label in its own language (a citizen
 * reading in Vietnamese sees "Tra cứu nghiệp vụ", not "tra cứu nghiệp vụ / official lookup").
 * An officer's own words go beside the code as an optional note, never instead of it.
 *
 * Pure data and functions: the web app's i18n `purposes` namespace repeats these labels, and a
 * test keeps the two equal.
 */
export interface Label {
  vi: string;
  en: string;
}

/** Purposes of a read of personal data (the access log the citizen sees). */
export const READ_PURPOSES = {
  official_lookup: { vi: 'Tra cứu nghiệp vụ', en: 'Official lookup' },
  residence_verification: { vi: 'Xác minh thông tin cư trú', en: 'Residence verification' },
  identity_verification: { vi: 'Xác minh nhân thân', en: 'Identity verification' },
  dossier_processing: { vi: 'Giải quyết hồ sơ thủ tục hành chính', en: 'Processing an application' },
  data_cleaning: { vi: 'Làm sạch dữ liệu', en: 'Data cleaning' },
  household_review: { vi: 'Rà soát hộ không có chủ hộ', en: 'Review of households without a head' },
  eid_enrolment: { vi: 'Đăng ký tài khoản định danh điện tử mức 1', en: 'e-ID level 1 enrolment' },
  eid_level2_verification: { vi: 'Xác thực định danh điện tử mức 2', en: 'e-ID level 2 verification' },
  eid_account_management: { vi: 'Quản lý tài khoản định danh điện tử', en: 'e-ID account management' },
  eid_photo_comparison: { vi: 'Đối chiếu ảnh chân dung đăng ký định danh điện tử', en: 'Comparing an e-ID enrolment photo' },
  eid_enrolment_review: { vi: 'Đối chiếu hồ sơ khi duyệt đăng ký định danh điện tử', en: 'Checking the record when reviewing an e-ID enrolment' },
  citizen_self_view: { vi: 'Công dân xem thông tin của mình trên Cổng định danh', en: 'The citizen viewing their own data on the e-ID portal' },
  audit_review: { vi: 'Kiểm tra nhật ký truy cập và thay đổi', en: 'Reviewing the access and change log' },
  eid_service_login: { vi: 'Cung cấp thông tin cho dịch vụ đăng nhập bằng định danh điện tử, theo đồng ý của công dân', en: 'Shared with a service the citizen logged in to with e-ID, with their consent' },
  residence_confirmation: { vi: 'Cấp giấy xác nhận thông tin về cư trú (CT07)', en: 'Issuing a confirmation of residence information (CT07)' },
  document_verification: { vi: 'Xác minh giấy tờ do cơ quan đăng ký cư trú cấp', en: 'Verifying a document the residence registry issued' },
  dossier_consent: { vi: 'Người được đề nghị đồng ý xem hồ sơ liên quan', en: 'A person asked to consent viewing the application concerned' },
  card_issuance: { vi: 'Cấp, đổi, cấp lại thẻ căn cước', en: 'Issuing, renewing or re-issuing an ID card' },
  card_verification: { vi: 'Kiểm tra thẻ căn cước (mã QR, MRZ, chip)', en: 'Checking an ID card (QR code, MRZ, chip)' },
} as const satisfies Record<string, Label>;

/** Reasons for a change to the registry (the person history and the change log). */
export const CHANGE_REASONS = {
  initial_registration: { vi: 'Thu thập, cập nhật công dân vào Cơ sở dữ liệu dân cư', en: 'Entering a citizen into the registry' },
  record_correction: { vi: 'Điều chỉnh thông tin theo giấy tờ', en: 'Correction from documents' },
  residence_registration: { vi: 'Đăng ký cư trú', en: 'Residence registration' },
  household_change: { vi: 'Thay đổi thông tin hộ', en: 'Household change' },
  birth_registration: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
  death_registration: { vi: 'Đăng ký khai tử', en: 'Death registration' },
  marriage_registration: { vi: 'Đăng ký kết hôn', en: 'Marriage registration' },
  pin_reestablishment: { vi: 'Xác lập lại số định danh cá nhân', en: 'PIN re-established' },
  duplicate_merge: { vi: 'Hợp nhất hồ sơ trùng của cùng một người', en: 'Duplicate records of one person merged' },
  eid_phone_change: { vi: 'Thay đổi số điện thoại khi xác thực trực tiếp', en: 'Phone number changed at an in-person verification' },
  bulk_import: { vi: 'Nhập dữ liệu hàng loạt', en: 'Bulk import' },
  demo_data: { vi: 'Dữ liệu trình diễn', en: 'Demonstration data' },
  other: { vi: 'Lý do khác', en: 'Other reason' },
} as const satisfies Record<string, Label>;

/**
 * Why an e-ID account was locked or unlocked (the account page, the citizen's usage history,
 * the audit log). `other` is the change reasons' own: one code, one label everywhere.
 */
export const EID_LOCK_REASONS = {
  eid_citizen_request: { vi: 'Theo đề nghị của công dân', en: 'At the citizen’s request' },
  eid_device_lost: { vi: 'Mất điện thoại hoặc thiết bị đăng nhập', en: 'Phone or login device lost' },
  eid_suspected_misuse: { vi: 'Nghi tài khoản bị người khác sử dụng', en: 'Suspected use by someone else' },
  eid_identity_dispute: { vi: 'Cần xác minh lại nhân thân', en: 'Identity to be verified again' },
  eid_identity_confirmed: { vi: 'Đã xác minh nhân thân trực tiếp', en: 'Identity confirmed in person' },
  eid_device_recovered: { vi: 'Đã lấy lại hoặc thay thiết bị', en: 'Device recovered or replaced' },
  eid_holder_deceased: { vi: 'Chủ tài khoản đã mất', en: 'The account holder has died' },
  other: CHANGE_REASONS.other,
} as const satisfies Record<string, Label>;

export type ReadPurposeCode = keyof typeof READ_PURPOSES;
export type ChangeReasonCode = keyof typeof CHANGE_REASONS;
export type EidLockReasonCode = keyof typeof EID_LOCK_REASONS;
/** Every code with a label (the web app's `purposes` namespace). */
export type LabelledCode = ReadPurposeCode | ChangeReasonCode | EidLockReasonCode;
export const READ_PURPOSE_CODES = Object.keys(READ_PURPOSES) as ReadPurposeCode[];
export const CHANGE_REASON_CODES = Object.keys(CHANGE_REASONS) as ChangeReasonCode[];
export const EID_LOCK_REASON_CODES = Object.keys(EID_LOCK_REASONS) as EidLockReasonCode[];

/**
 * The reasons an officer may pick for a registry change: the system's own (a bulk import, the
 * demonstration data) are written by the system only.
 */
export const OFFICER_CHANGE_REASON_CODES = CHANGE_REASON_CODES.filter((c) => c !== 'bulk_import' && c !== 'demo_data' && c !== 'duplicate_merge');

/** A change's reason: the code, and the officer's own words when they add any (required for `other`). */
export interface ChangeReasonInput {
  reasonCode: ChangeReasonCode;
  reasonNote?: string | null | undefined;
}

/**
 * The purposes an officer picks for a lookup in the console (the others are named by the
 * system itself: the portal, e-ID procedures, the audit viewer, an overview list).
 */
export const OFFICER_READ_PURPOSE_CODES: readonly ReadPurposeCode[] = ['official_lookup', 'residence_verification', 'identity_verification', 'dossier_processing', 'data_cleaning', 'household_review'];

/** A read's purpose: the code, and the officer's own words when they add any. */
export interface ReadPurpose {
  code: ReadPurposeCode;
  note?: string | null;
}

/** The purpose a read gets when its caller names none. */
export const DEFAULT_READ_PURPOSE: ReadPurpose = { code: 'official_lookup' };

/**
 * Texts written before purposes were codes, mapped to their code. Audit rows are sealed and
 * never rewritten, so readers map these when they show a row; migration 0090 rewrites them in
 * the tables that may change (the person history, closed residences, cancelled PINs).
 */
export const LEGACY_TEXTS: Record<string, ReadPurposeCode | ChangeReasonCode> = {
  'tra cứu nghiệp vụ / official lookup': 'official_lookup',
  'tra cứu nghiệp vụ': 'official_lookup',
  'Rà soát hộ không có chủ hộ / households without a head': 'household_review',
  'Đăng ký tài khoản định danh điện tử mức 1': 'eid_enrolment',
  'Xác thực định danh điện tử mức 2': 'eid_level2_verification',
  'Quản lý tài khoản định danh điện tử': 'eid_account_management',
  'Đối chiếu ảnh chân dung đăng ký định danh điện tử': 'eid_photo_comparison',
  'Công dân xem thông tin của mình trên Cổng định danh': 'citizen_self_view',
  'bulk import': 'bulk_import',
  'birth registration': 'birth_registration',
  'death registration': 'death_registration',
  'dữ liệu trình diễn': 'demo_data',
};

export function isReadPurpose(code: string): code is ReadPurposeCode {
  return Object.hasOwn(READ_PURPOSES, code);
}

export function isChangeReason(code: string): code is ChangeReasonCode {
  return Object.hasOwn(CHANGE_REASONS, code);
}

export function isEidLockReason(code: string): code is EidLockReasonCode {
  return Object.hasOwn(EID_LOCK_REASONS, code);
}

/** Every code with a label: read purposes, change reasons and e-ID lock reasons. */
export function isKnownCode(code: string): code is LabelledCode {
  return isReadPurpose(code) || isChangeReason(code) || isEidLockReason(code);
}

/** A stored purpose or reason as a code when it is one (or a known old text); otherwise as written. */
export function normalisePurpose(stored: string | null): string | null {
  if (stored === null) return null;
  if (isKnownCode(stored)) return stored;
  // hasOwn: "constructor" is no old text (a plain lookup would find Object.prototype's).
  if (Object.hasOwn(LEGACY_TEXTS, stored)) return LEGACY_TEXTS[stored]!;
  // The old e-ID login purpose named the scopes inside its text.
  if (stored.startsWith('Cung cấp thông tin cho dịch vụ đăng nhập bằng định danh điện tử')) return 'eid_service_login';
  return stored;
}

/** The label of a stored purpose or reason; a free text written before codes existed is its own label. */
export function purposeLabel(stored: string | null): Label | null {
  const code = normalisePurpose(stored);
  if (code === null) return null;
  if (isReadPurpose(code)) return READ_PURPOSES[code];
  if (isChangeReason(code)) return CHANGE_REASONS[code];
  if (isEidLockReason(code)) return EID_LOCK_REASONS[code];
  return { vi: code, en: code };
}
