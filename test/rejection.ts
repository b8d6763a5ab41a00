import { expect } from 'vitest';
import { AppError } from '../src/kernel/errors.js';

/** The AppError a service call is refused with (fails the test if it succeeds or throws anything else). */
export async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
