import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** A throw-away database on the test server: created fresh for one test file, dropped after. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  readonly url: string;
  /** Its name (`eliza_test_<random>`). */
  readonly name: string;
  /** Drops the database, terminating any connection still open on it. Idempotent. */
  drop(): Promise<void>;
}

/** Creates an empty database on the server at `serverUrl`, with the vector extension installed. */
export async function createTestDatabase(serverUrl: string, prefix = 'eliza_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  let dropped = false;
  return {
    url,
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await sql.end();
      }
    },
  };
}
