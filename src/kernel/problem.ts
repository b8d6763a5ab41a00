import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { AppError, type FieldError, type Message } from './errors.js';
import type { UnstorableText } from './text-input.js';

/**
 * application/problem+json (RFC 9457) with the stable machine `code`, the offending
 * `field`, the message in both languages and `detail` in the one the client asked for.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  field?: string;
  detail: string;
  message: Message;
  errors?: FieldError[];
}

export function preferredLanguage(req: FastifyRequest): 'vi' | 'en' {
  const header = req.headers['accept-language'];
  const first = typeof header === 'string' ? header.split(',')[0]?.trim().toLowerCase() : undefined;
  return first?.startsWith('en') ? 'en' : 'vi';
}

export function toProblem(err: AppError, lang: 'vi' | 'en'): Problem {
  return {
    type: `urn:dancu:problem:${err.code}`,
    title: err.code,
    status: err.status,
    code: err.code,
    ...(err.field ? { field: err.field } : {}),
    detail: err.messages[lang],
    message: err.messages,
    ...(err.errors.length ? { errors: err.errors } : {}),
  };
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  return reply.code(err.status).type('application/problem+json; charset=utf-8').send(toProblem(err, preferredLanguage(req)));
}

function fieldOf(e: ErrorObject, dataVar: string): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const params = e.params as Record<string, unknown>;
  const leaf = (params.additionalProperty ?? params.missingProperty) as string | undefined;
  const joined = [path, leaf].filter(Boolean).join('.');
  return joined || dataVar;
}

function messageFor(e: ErrorObject, field: string): { code: string; message: Message } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { code: 'unknown_field', message: { vi: `Trường "${field}" không được chấp nhận.`, en: `Unknown field "${field}".` } };
    case 'required':
      return { code: 'required', message: { vi: `Thiếu trường bắt buộc "${field}".`, en: `Missing required field "${field}".` } };
    case 'type':
      return { code: 'wrong_type', message: { vi: `Trường "${field}" phải có kiểu ${String(p.type)}.`, en: `Field "${field}" must be of type ${String(p.type)}.` } };
    case 'maxLength':
      return { code: 'too_long', message: { vi: `Trường "${field}" dài quá ${String(p.limit)} ký tự.`, en: `Field "${field}" is longer than ${String(p.limit)} characters.` } };
    case 'minLength':
      return { code: 'too_short', message: { vi: `Trường "${field}" ngắn hơn ${String(p.limit)} ký tự.`, en: `Field "${field}" is shorter than ${String(p.limit)} characters.` } };
    case 'pattern':
    case 'format':
      return { code: 'bad_format', message: { vi: `Trường "${field}" sai định dạng.`, en: `Field "${field}" has the wrong format.` } };
    case 'enum':
    case 'const':
      return { code: 'not_allowed', message: { vi: `Giá trị của "${field}" không nằm trong danh sách cho phép.`, en: `The value of "${field}" is not one of the allowed values.` } };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { code: 'out_of_range', message: { vi: `Giá trị của "${field}" nằm ngoài khoảng cho phép.`, en: `The value of "${field}" is out of range.` } };
    case 'maxItems':
    case 'minItems':
      return { code: 'wrong_count', message: { vi: `Số phần tử của "${field}" không hợp lệ.`, en: `"${field}" has the wrong number of items.` } };
    default:
      return { code: 'invalid', message: { vi: `Trường "${field}" không hợp lệ.`, en: `Field "${field}" is not valid.` } };
  }
}

/**
 * A client written before reasons were codes sends a free-text `reason` where a `reasonCode` is
 * required: say exactly that, rather than "unknown field" and "missing field" apart.
 */
function retiredReasonText(errors: ErrorObject[], dataVar: string): { field: string; code: string; message: Message } | null {
  const sent = errors.find((e) => e.keyword === 'additionalProperties' && (e.params as { additionalProperty?: string }).additionalProperty === 'reason');
  if (!sent) return null;
  const missing = errors.some((e) => e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === 'reasonCode' && e.instancePath === sent.instancePath);
  if (!missing) return null;
  return {
    field: fieldOf(sent, dataVar),
    code: 'reason_is_code',
    message: {
      vi: 'Lý do thay đổi nay là mã: gửi "reasonCode" (một mã trong danh mục lý do) và ghi chi tiết, nếu có, vào "reasonNote"; trường "reason" không còn được nhận.',
      en: 'A change\'s reason is now a code: send "reasonCode" (one of the listed reason codes) and any detail in "reasonNote"; the "reason" field is no longer accepted.',
    },
  };
}

/** One problem for a failed schema validation: the first error leads, all are listed. */
export function problemFromValidation(errors: ErrorObject[], dataVar: string): AppError {
  // anyOf/oneOf report every branch; the concrete keyword errors are the useful ones.
  const useful = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword));
  const list = (useful.length ? useful : errors).map((e) => {
    const field = fieldOf(e, dataVar);
    return { field, ...messageFor(e, field) };
  });
  const retired = retiredReasonText(errors, dataVar);
  if (retired) list.unshift(retired);
  const first = list[0] ?? { field: dataVar, code: 'invalid', message: { vi: 'Dữ liệu không hợp lệ.', en: 'Invalid input.' } };
  return new AppError('invalid', first.code, first.message, { field: first.field, errors: list });
}

/**
 * The 400 for text PostgreSQL cannot store (see text-input.ts). The field is named like a
 * validation error's (`members.0.pin`), its own bad characters written as JSON escapes so the
 * answer and the logs stay clean.
 */
export function problemFromUnstorableText(found: UnstorableText, dataVar: string): AppError {
  const full = found.path.length ? found.path.map((k) => JSON.stringify(k).slice(1, -1)).join('.') : dataVar;
  // A path thousands of levels deep is named by its start.
  const field = full.length > 200 ? `${full.slice(0, 200)}…` : full;
  const message: Message =
    found.fault === 'nul_character'
      ? { vi: `Trường "${field}" chứa ký tự NUL (mã 0), không được chấp nhận.`, en: `Field "${field}" contains a NUL character (code 0), which is not accepted.` }
      : { vi: `Trường "${field}" chứa ký tự Unicode không hợp lệ (nửa cặp UTF-16 đứng riêng).`, en: `Field "${field}" contains invalid Unicode (an unpaired UTF-16 surrogate).` };
  return new AppError('invalid', found.fault, message, { field, errors: [{ field, code: found.fault, message }] });
}
