/**
 * A server restart kills backends: through adapter-pg, a backend terminated during a query, a
 * transaction, an advisory lock or a savepoint must reject that call (CONNECTION_CLOSED) and never
 * crash the process (postgres.js 3.4.x did: an uncaught TypeError from `nextWrite`; see
 * adapter-pg/src/lost-connection-guard.ts). Runs in a child process, so a crash is a real exit.
 */
import { createTestDatabase, type TestDatabase, testPostgresUrl } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnFixture } from './child.js';

const url = testPostgresUrl();

describe.runIf(url)('backend terminated mid-call (pg_terminate_backend) [postgres]', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(url as string, 'eliza_faults');
  });
  afterAll(() => database?.drop());

  it('rejects the calls in flight, keeps the process alive, and the driver recovers', async () => {
    const child = spawnFixture('terminate-backend.ts', [database.url]);
    const { code, signal } = await child.exited;
    const lines = child.lines();
    expect({ code, signal, stderr: child.stderr().includes('TypeError') }).toEqual({
      code: 0,
      signal: null,
      stderr: false,
    });
    // Each call in flight was rejected with a connection error: closed, or the server's 57P01
    // (admin_shutdown), which @eliza-sql/resilience classifies as transient.
    for (const name of ['query', 'transaction', 'lock', 'savepoint', 'parallel']) {
      expect(lines.find((l) => l.startsWith(`${name} `))).toMatch(/^\w+ rejected (CONNECTION_CLOSED|57P01)$/);
    }
    // The driver keeps working (a connection terminated while idle may fail one query with 57P01).
    for (const name of [
      'query',
      'transaction',
      'lock',
      'savepoint',
      'parallel',
      'idle',
      'after-idle-terminate',
    ]) {
      expect(lines.find((l) => l.startsWith(`${name}-next `) || l.startsWith(`${name} resolved`))).toMatch(
        /resolved/,
      );
    }
    expect(lines.at(-1)).toBe('alive');
  });
});
