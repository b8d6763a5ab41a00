import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../kernel/errors.js';
import { requireOfficer, type App } from '../../../kernel/http.js';
import { Closed, Problem } from '../../../kernel/schemas.js';
import { importPeople, type ImportSummary } from './importer.js';

/** Uploads larger than the JSON body limit: streamed to disk, never held in memory. */
export const IMPORT_BODY_LIMIT = 512 * 1024 * 1024;
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

async function saveUpload(body: Readable, file: string): Promise<void> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > IMPORT_BODY_LIMIT) done(new AppError('too_large', 'body_too_large', { vi: 'Tệp vượt quá 512 MiB; hãy dùng lệnh dancu import.', en: 'The file exceeds 512 MiB; use the dancu import command.' }, { field: 'body' }));
      else done(null, chunk);
    },
  });
  await pipeline(body, limit, fs.createWriteStream(file));
}

function summarise(summary: ImportSummary) {
  const lines = fs.existsSync(summary.reportFile) ? fs.readFileSync(summary.reportFile, 'utf8').split('\n').filter(Boolean) : [];
  const { reportFile: _r, ...rest } = summary;
  return { ...rest, rejectedRows: lines.slice(0, REPORT_ROWS_IN_RESPONSE).map((l) => JSON.parse(l) as never), rejectedRowsTruncated: lines.length > REPORT_ROWS_IN_RESPONSE };
}

/** `POST /api/people:import` (people rows) and `POST /api/households:import` (household rows). */
export async function importRoutes(app: App): Promise<void> {
  // The body stays a stream; the route saves it with its own size limit.
  app.addContentTypeParser(['application/x-ndjson', 'text/csv'], (_req, payload, done) => done(null, payload));
  for (const kind of ['people', 'households'] as const) {
    app.post(
      `/api/${kind}::import`,
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['import'],
          summary: kind === 'people' ? 'Bulk-import people (NDJSON or CSV in the generator format); households must be imported first' : 'Bulk-import households (NDJSON)',
          consumes: kind === 'people' ? ['application/x-ndjson', 'text/csv'] : ['application/x-ndjson'],
          response: { 200: ImportResult, 400: Problem, 401: Problem, 403: Problem, 413: Problem },
        },
      },
      async (req) => {
        const actor = requireOfficer(req);
        const csv = String(req.headers['content-type'] ?? '').startsWith('text/csv');
        if (kind === 'households' && csv) throw new AppError('invalid', 'unsupported_media_type', { vi: 'Hộ gia đình chỉ nhận NDJSON.', en: 'Households are accepted as NDJSON only.' }, { field: 'content-type' });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-upload-'));
        try {
          const file = path.join(dir, csv ? 'upload.csv' : 'upload.ndjson');
          await saveUpload(req.body as Readable, file);
          const summary = await importPeople(app.ctx, actor, kind === 'people' ? { peopleFile: file } : { householdsFile: file });
          return summarise(summary);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  }
}
