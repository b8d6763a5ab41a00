import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Which engine the test run uses: PGlite by default, PostgreSQL when
 * DANCU_TEST_DATABASE_URL (or DATABASE_URL) names a server database to create test
 * databases from.
 */
export function testServerUrl(): string | undefined {
  return process.env.DANCU_TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
