import type { RouteOptions } from 'fastify';
import { Problem, PROBLEM_SCHEMA_ID } from './schemas.js';

/** The media type every error answer has (sendProblem). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type ResponseSchemas = Record<string, unknown>;

/**
 * `onRoute` hook: a route declares its success answer and the problems its service raises;
 * the kernel adds the ones it raises itself on any route — 400 (unstorable text in the query,
 * path or body; malformed JSON; failed validation), 403 and 413 where a body can be sent
 * (missing CSRF token, body too large), 403 on the API (a session that must enrol TOTP first), 429 where the route has a rate limit, and 500. Every
 * `Problem` answer is then described as application/problem+json, which is what it is sent as.
 * Routes without response schemas are left alone, so the OpenAPI test can name them.
 */
export function withKernelResponses(route: RouteOptions): void {
  const schema = route.schema as { hide?: boolean; response?: ResponseSchemas } | undefined;
  if (!schema?.response || schema.hide) return;
  const methods = [route.method].flat();
  const kernel: Record<string, unknown> = { 400: Problem, 500: Problem };
  if (methods.some((m) => BODY_METHODS.has(m))) Object.assign(kernel, { 403: Problem, 413: Problem });
  // An officer whose administrator requires TOTP reaches only its enrolment until it is on (http.ts).
  if (route.url.startsWith('/api/')) kernel[403] = Problem;
  if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit) kernel[429] = Problem;
  const response: ResponseSchemas = {};
  for (const [status, entry] of Object.entries({ ...kernel, ...schema.response })) {
    // By reference to the one shared schema (http.ts adds it): written out in full, the ~1,170
    // error answers of the API made up half of a 1.5 MB document the docs page took 10 s to draw.
    response[status] = entry === Problem ? { description: PROBLEM_MEDIA_TYPE, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: `${PROBLEM_SCHEMA_ID}#` } } } } : entry;
  }
  // A new object: GET and its HEAD route share the original.
  route.schema = { ...schema, response };
}
