/**
 * Domain errors. Services throw `AppError` with a stable machine code and the field it
 * concerns; the HTTP layer maps it to application/problem+json with Vietnamese and English
 * messages (see http-errors.ts). A record the actor may not see answers exactly like a
 * missing one, so `forbidden` is only for actions, never for hiding existence.
 */
export type ErrorKind =
  | 'invalid' // 400: input fails validation
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: state does not allow it, or a concurrent write won
  | 'duplicate' // 409: would create a second record of something unique
  | 'too_large' // 413
  | 'locked' // 423: account locked
  | 'rate_limited' // 429
  | 'unavailable' // 503
  | 'internal'; // 500

export const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  duplicate: 409,
  too_large: 413,
  locked: 423,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface Message {
  vi: string;
  en: string;
}

export interface FieldError {
  field: string;
  code: string;
  message: Message;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  /** Stable machine code, e.g. `unit_not_found`, `pin_wrong_century_digit`. */
  readonly code: string;
  readonly field: string | undefined;
  readonly messages: Message;
  /** More than one field wrong at once (form validation). */
  readonly errors: FieldError[];

  constructor(kind: ErrorKind, code: string, messages: Message, options: { field?: string; errors?: FieldError[]; cause?: unknown } = {}) {
    super(messages.en, { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.field = options.field;
    this.messages = messages;
    this.errors = options.errors ?? [];
  }

  get status(): number {
    return STATUS_OF[this.kind];
  }
}

export function notFound(code: string, what: Message, field?: string): AppError {
  return new AppError('not_found', code, what, field === undefined ? {} : { field });
}

export function invalid(code: string, field: string, messages: Message): AppError {
  return new AppError('invalid', code, messages, { field });
}

export function forbidden(code = 'forbidden'): AppError {
  return new AppError('forbidden', code, {
    vi: 'Bạn không có quyền thực hiện thao tác này.',
    en: 'You are not allowed to do this.',
  });
}

export function conflict(code: string, messages: Message, field?: string): AppError {
  return new AppError('conflict', code, messages, field === undefined ? {} : { field });
}

/** Translates PostgreSQL error codes that carry domain meaning; others stay internal. */
export function fromPgError(err: unknown): AppError | undefined {
  const e = err as { code?: string; constraint?: string; detail?: string };
  if (typeof e?.code !== 'string') return undefined;
  switch (e.code) {
    case '23505':
      return new AppError('duplicate', 'duplicate', { vi: 'Bản ghi đã tồn tại.', en: 'The record already exists.' }, { field: e.constraint, cause: err });
    case '23503':
      return new AppError('invalid', 'missing_reference', { vi: 'Tham chiếu tới bản ghi không tồn tại.', en: 'Refers to a record that does not exist.' }, { field: e.constraint, cause: err });
    case '23514':
    case '23502':
      return new AppError('invalid', 'constraint_violated', { vi: 'Dữ liệu không hợp lệ.', en: 'The data is not valid.' }, { field: e.constraint, cause: err });
    case '40001':
    case '40P01':
      return new AppError('conflict', 'concurrent_update', { vi: 'Dữ liệu vừa bị thay đổi bởi người khác, hãy thử lại.', en: 'The data was changed concurrently; try again.' }, { cause: err });
    case '22001':
      return new AppError('invalid', 'too_long', { vi: 'Giá trị quá dài.', en: 'The value is too long.' }, { cause: err });
    default:
      return undefined;
  }
}
