import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';

/**
 * Where the bytes of dossier attachments live: outside the database rows, named by their
 * SHA-256, written once and never changed or removed (the dossier is a record; a wrong file is
 * superseded by another upload, not deleted). The database row keeps the hash, so a file
 * changed behind the store's back is caught when it is read.
 */
export interface AttachmentStore {
  /**
   * Streams `source` into the store, refusing it past `maxBytes`; returns its hash, size,
   * first bytes (for type detection) and the key to read it back with. The same content
   * stored twice is one file.
   */
  put(source: Readable, maxBytes: number): Promise<StoredFile>;
  /** The bytes under a key. */
  get(key: string): Promise<Buffer>;
}

export interface StoredFile {
  key: string;
  sha256: string;
  size: number;
  /** The first bytes of the file (up to 4 KiB): what the type is detected from. */
  head: Buffer;
}

export const HEAD_BYTES = 4100;

/**
 * Source → meter → file, settling as soon as any of them fails. Not `pipeline`: on a refusal
 * (too large) it destroys the request stream and waits for it to close, which an HTTP request
 * that is still sending may never do (seen on Node 24); here the rest of the body is unpiped
 * and discarded while the answer goes out.
 */
function copyInto(source: Readable, meter: Transform, file: fs.WriteStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      source.unpipe(meter);
      source.resume();
      meter.destroy();
      file.destroy();
      reject(err);
    };
    source.once('error', fail);
    // A client that goes away mid-upload: the request closes without ending.
    source.once('close', () => {
      if (!source.readableEnded) fail(new Error('the upload was cut short'));
    });
    meter.once('error', fail);
    file.once('error', fail);
    file.once('finish', () => {
      if (settled) return;
      settled = true;
      resolve();
    });
    source.pipe(meter).pipe(file);
  });
}

export function tooLarge(maxBytes: number): AppError {
  const mib = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new AppError('too_large', 'attachment_too_large', { vi: `Tệp đính kèm vượt quá ${mib} MiB.`, en: `The attachment exceeds ${mib} MiB.` }, { field: 'body' });
}

/** Files under one directory, in subdirectories by the first two hex digits of the hash. */
export class FsAttachmentStore implements AttachmentStore {
  constructor(readonly dir: string) {}

  async put(source: Readable, maxBytes: number): Promise<StoredFile> {
    await fs.promises.mkdir(path.join(this.dir, 'incoming'), { recursive: true });
    const staging = path.join(this.dir, 'incoming', `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const heads: Buffer[] = [];
    let headSize = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(tooLarge(maxBytes));
        hash.update(chunk);
        if (headSize < HEAD_BYTES) {
          heads.push(chunk.subarray(0, HEAD_BYTES - headSize));
          headSize += Math.min(chunk.length, HEAD_BYTES - headSize);
        }
        done(null, chunk);
      },
    });
    try {
      await copyInto(source, meter, fs.createWriteStream(staging, { flags: 'wx', mode: 0o600 }));
      const sha256 = hash.digest('hex');
      const key = `${sha256.slice(0, 2)}/${sha256}`;
      const final = path.join(this.dir, key);
      await fs.promises.mkdir(path.dirname(final), { recursive: true });
      // Same content, same name: a second upload of one file leaves the first in place.
      if (fs.existsSync(final)) await fs.promises.rm(staging, { force: true });
      else await fs.promises.rename(staging, final);
      return { key, sha256, size, head: Buffer.concat(heads) };
    } catch (err) {
      await fs.promises.rm(staging, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Buffer> {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key)) throw new Error(`not an attachment key: ${key}`);
    return fs.promises.readFile(path.join(this.dir, key));
  }
}

const stores = new WeakMap<AppContext['config'], AttachmentStore>();

/**
 * The store of this configuration: `attachmentsDir`, or, for an in-memory database, a
 * temporary directory that goes when the process does (its dossiers go with the database).
 */
export function attachmentStoreOf(ctx: Pick<AppContext, 'config'>): AttachmentStore {
  let store = stores.get(ctx.config);
  if (!store) {
    const dir = ctx.config.attachmentsDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dancu-attachments-'));
    if (!ctx.config.attachmentsDir) process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    store = new FsAttachmentStore(dir);
    stores.set(ctx.config, store);
  }
  return store;
}
