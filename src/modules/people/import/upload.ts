import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../kernel/errors.js';

const MIB = 1024 * 1024;

export function uploadTooLarge(maxMb: number): AppError {
  return new AppError('too_large', 'upload_too_large', { vi: `Tệp vượt quá ${maxMb} MiB; hãy dùng lệnh dancu import.`, en: `The file exceeds ${maxMb} MiB; use the dancu import command.` }, { field: 'body' });
}

export function uploadsPendingTooLarge(): AppError {
  return new AppError('too_large', 'uploads_pending_too_large', {
    vi: 'Các tệp đang chờ nhập đã dùng hết dung lượng đĩa dành cho chúng; hãy thử lại sau.',
    en: 'Uploads waiting to be imported already use the disk space set aside for them; try again later.',
  }, { field: 'body' });
}

/**
 * The disk that bulk-import uploads in flight may use together. An upload reserves its
 * declared length before a byte is written (so an upload that cannot fit is refused at once),
 * and then whatever it writes beyond that, chunk by chunk (a chunked upload declares none).
 */
export class UploadBudget {
  private used = 0;
  constructor(readonly limitBytes: number) {}

  /** A reservation of `bytes`, or undefined when they do not fit. */
  reserve(bytes: number): Reservation | undefined {
    const r = new Reservation(this);
    return r.grow(bytes) ? r : undefined;
  }

  /** @internal */ take(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  /** @internal */ give(bytes: number): void {
    this.used -= bytes;
  }

  get usedBytes(): number {
    return this.used;
  }
}

export class Reservation {
  private held = 0;
  private released = false;
  constructor(private readonly budget: UploadBudget) {}

  /** Holds at least `bytes` in all; false when the budget cannot give them. */
  grow(bytes: number): boolean {
    if (this.released || bytes <= this.held) return !this.released;
    if (!this.budget.take(bytes - this.held)) return false;
    this.held = bytes;
    return true;
  }

  /** Gives everything back; safe to call more than once, from every path that ends a request. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.budget.give(this.held);
    this.held = 0;
  }
}

/**
 * A directory of its own for one upload, removed with everything in it by `remove`, whatever
 * happened (a failed import, an upload cut short, a client gone).
 */
export function uploadDir(tempDir: string | undefined): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(tempDir ?? os.tmpdir(), 'dancu-upload-'));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Streams the body to `file`, stopping with a 413 past `maxMb` or when the budget runs out. */
export async function saveUpload(body: Readable, file: string, maxMb: number, reservation: Reservation): Promise<number> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxMb * MIB) done(uploadTooLarge(maxMb));
      else if (!reservation.grow(bytes)) done(uploadsPendingTooLarge());
      else done(null, chunk);
    },
  });
  await pipeline(body, limit, fs.createWriteStream(file));
  return bytes;
}
