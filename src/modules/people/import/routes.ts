import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { authorize } from '../../../kernel/access.js';
import { AppError } from '../../../kernel/errors.js';
import { requireOfficer, type App } from '../../../kernel/http.js';
import { Closed, Problem } from '../../../kernel/schemas.js';
import { PEOPLE_IMPORT } from '../permissions.js';
import { importPeople, type ImportSummary } from './importer.js';
import { saveUpload, uploadDir, UploadBudget, uploadsPendingTooLarge, uploadTooLarge, type Reservation } from './upload.js';

const MIB = 1024 * 1024;
const REPORT_ROWS_IN_RESPONSE = 100;

const Counts = Type.Object({ read: Type.Integer(), loaded: Type.Integer(), alreadyPresent: Type.Integer(), rejected: Type.Integer() }, Closed);
const RowError = Type.Object({ field: Type.String(), code: Type.String(), message: Type.Object({ vi: Type.String(), en: Type.String() }, Closed) }, Closed);
const ImportResult = Type.Object({
  batchId: Type.String(),
  households: Counts,
  people: Counts,
  seconds: Type.Number(),
  peoplePerSecond: Type.Integer(),
  rejectedRows: Type.Array(Type.Object({ file: Type.String(), line: Type.Integer(), externalId: Type.Union([Type.String(), Type.Null()]), errors: Type.Array(RowError) }, Closed)),
  rejectedRowsTruncated: Type.Boolean(),
}, Closed);

function summarise(summary: ImportSummary) {
  const lines = fs.existsSync(summary.reportFile) ? fs.readFileSync(summary.reportFile, 'utf8').split('\n').filter(Boolean) : [];
  const { reportFile: _r, firstLoad: _f, ...rest } = summary;
  return { ...rest, rejectedRows: lines.slice(0, REPORT_ROWS_IN_RESPONSE).map((l) => JSON.parse(l) as never), rejectedRowsTruncated: lines.length > REPORT_ROWS_IN_RESPONSE };
}

const mediaType = (req: FastifyRequest) => String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * `POST /api/people:import` (people rows) and `POST /api/households:import` (household rows).
 *
 * Everything that can refuse an upload (session, permission, media type, declared size, disk
 * left for uploads in flight) is decided in `onRequest`, before a byte of the body is read, so
 * a caller who may not import cannot fill the disk. The body stays a stream until the handler
 * writes it, capped, to a directory of its own that is removed on every path.
 */
export async function importRoutes(app: App): Promise<void> {
  const { importMaxUploadMb: maxMb, importMaxPendingMb, importTempDir } = app.ctx.config;
  const budget = new UploadBudget(importMaxPendingMb * MIB);
  const reservations = new WeakMap<FastifyRequest, Reservation>();
  const release = async (req: FastifyRequest) => reservations.get(req)?.release();
  // The body stays a stream; the handler saves it with its own size limit.
  app.addContentTypeParser(['application/x-ndjson', 'text/csv'], (_req, payload, done) => done(null, payload));
  for (const kind of ['people', 'households'] as const) {
    const accepted = kind === 'people' ? ['application/x-ndjson', 'text/csv'] : ['application/x-ndjson'];
    app.post(
      `/api/${kind}::import`,
      {
        bodyLimit: maxMb * MIB,
        schema: {
          tags: ['import'],
          summary: kind === 'people' ? 'Bulk-import people (NDJSON or CSV in the generator format); households must be imported first' : 'Bulk-import households (NDJSON)',
          description:
            `Uploads up to DANCU_IMPORT_MAX_UPLOAD_MB (${maxMb} MiB here); larger files go through \`dancu import\`. ` +
            '413 when the upload is larger, or when uploads in flight would use more disk than DANCU_IMPORT_MAX_PENDING_MB. ' +
            '400 for another media type, no body, or a file with no row. Rejected rows are listed with their line and reasons.',
          consumes: accepted,
          response: { 200: ImportResult, 400: Problem, 401: Problem, 403: Problem, 413: Problem },
        },
        onRequest: async (req, reply) => {
          try {
            // Permission here as well as in the service: before the body is accepted, not after it is on disk.
            authorize(requireOfficer(req), PEOPLE_IMPORT);
            if (!accepted.includes(mediaType(req))) {
              throw new AppError('invalid', 'unsupported_media_type', {
                vi: kind === 'people' ? 'Chỉ nhận tệp NDJSON (application/x-ndjson) hoặc CSV (text/csv).' : 'Hộ gia đình chỉ nhận NDJSON (application/x-ndjson).',
                en: kind === 'people' ? 'Only NDJSON (application/x-ndjson) or CSV (text/csv) uploads are accepted.' : 'Households are accepted as NDJSON (application/x-ndjson) only.',
              }, { field: 'content-type' });
            }
            const declared = Number(req.headers['content-length'] ?? 0);
            if (declared > maxMb * MIB) throw uploadTooLarge(maxMb);
            const reservation = budget.reserve(Number.isSafeInteger(declared) && declared > 0 ? declared : 0);
            if (!reservation) throw uploadsPendingTooLarge();
            reservations.set(req, reservation);
          } catch (err) {
            refuseRestOfBody(reply);
            throw err;
          }
        },
        onResponse: release,
        onRequestAbort: release,
      },
      async (req, reply) => {
        const actor = requireOfficer(req);
        const reservation = reservations.get(req)!;
        const upload = uploadDir(importTempDir);
        try {
          const file = path.join(upload.dir, mediaType(req) === 'text/csv' ? 'upload.csv' : 'upload.ndjson');
          // No body at all reaches here as no stream: an empty file, answered 400 by the import.
          const body = req.body instanceof Readable ? req.body : Readable.from([]);
          try {
            await saveUpload(body, file, maxMb, reservation);
          } catch (err) {
            refuseRestOfBody(reply);
            if (err instanceof AppError) throw err;
            if (req.raw.destroyed || req.raw.readableAborted) throw new AppError('invalid', 'upload_aborted', { vi: 'Tệp tải lên bị ngắt giữa chừng.', en: 'The upload was cut short.' }, { field: 'body', cause: err });
            throw err;
          }
          const summary = await importPeople(app.ctx, actor, kind === 'people' ? { peopleFile: file } : { householdsFile: file });
          return summarise(summary);
        } finally {
          upload.remove();
          reservation.release();
        }
      },
    );
  }
}

/** The answer goes out before the body is read: close the connection instead of reading the rest to keep it. */
function refuseRestOfBody(reply: FastifyReply): void {
  reply.header('connection', 'close');
}
