import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { createTestDatabase, type TestDatabase, testPostgresUrl } from '@eliza-sql/test-support';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabasePolicy, isConnectFailure, isTransientDatabaseError } from '../src/index.js';

/** A loopback port nothing listens on: bind an ephemeral port, then release it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Opens a TCP connection to 127.0.0.1:port; rejects with Node's own socket error. */
function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', reject);
  });
}

/** Retries without waiting: these suites use real I/O, and must not sleep. */
const noDelay = { baseDelay: 0, jitterMax: 0 } as const;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('real network errors', () => {
  it('a refused TCP connect (node:net) is transient and a connect failure, and a write is retried', async () => {
    const port = await closedPort();
    const err = await rejection(connect(port));
    expect(err).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' });
    expect(isTransientDatabaseError(err)).toBe(true);
    expect(isConnectFailure(err)).toBe(true);

    const policy = createDatabasePolicy({ ...noDelay, maxRetries: 2 });
    let attempts = 0;
    const final = await rejection(
      policy.execute(() => {
        attempts++;
        return connect(port);
      }),
    );
    expect(attempts).toBe(3);
    expect(final).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('fetch to a closed port fails with "fetch failed" whose cause chain is classified', async () => {
    const port = await closedPort();
    const err = await rejection(fetch(`http://127.0.0.1:${port}/`));
    expect(err).toBeInstanceOf(TypeError);
    expect(isTransientDatabaseError(err)).toBe(true);
    expect(isConnectFailure(err)).toBe(true);
  });
});

const url = testPostgresUrl();

describe.runIf(url)('real postgres.js errors [postgres]', () => {
  let db: TestDatabase;
  let sql: postgres.Sql;
  const role = `eliza_test_nolimit_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    db = await createTestDatabase(url!);
    sql = postgres(db.url, { max: 2, onnotice: () => {} });
    await sql`create extension if not exists vector`;
    await sql`create table users (id serial primary key, email text unique not null)`;
    await sql`insert into users (email) values ('a@example.com')`;
    await sql.unsafe(`create role ${role} login connection limit 0`);
  });
  afterAll(async () => {
    await sql?.unsafe(`drop role if exists ${role}`);
    await sql?.end();
    await db?.drop();
  });

  const permanent: Array<[string, string, string]> = [
    ['division by zero', 'select 1/0', '22012'],
    ['unique violation', "insert into users (email) values ('a@example.com')", '23505'],
    ['invalid input syntax', "select 'abc'::int", '22P02'],
    ['syntax error', 'selec 1', '42601'],
    ['pgvector dimension mismatch', "select '[1,2]'::vector(3)", '22000'],
  ];
  for (const [label, statement, code] of permanent) {
    it(`${label} (${code}) is permanent: not retried, not counted by the breaker, rethrown as is`, async () => {
      const err = await rejection(sql.unsafe(statement));
      expect(err).toMatchObject({ code, name: 'PostgresError' });
      expect(isTransientDatabaseError(err)).toBe(false);
      expect(isConnectFailure(err)).toBe(false);

      const policy = createDatabasePolicy({ ...noDelay, failureThreshold: 1 });
      let attempts = 0;
      let thrown: unknown;
      const viaPolicy = await rejection(
        policy.execute(
          () => {
            attempts++;
            return sql.unsafe(statement).catch((e: unknown) => {
              thrown = e;
              throw e;
            });
          },
          { idempotent: true },
        ),
      );
      expect(viaPolicy).toBe(thrown);
      expect(attempts).toBe(1);
      expect(policy.state).toBe('closed');
    });
  }

  it('too many connections for a role (53300, at connect) is transient and a connect failure', async () => {
    const target = new URL(db.url);
    target.username = role;
    const limited = postgres(target.toString(), { max: 1, onnotice: () => {} });
    try {
      const err = await rejection(limited`select 1`);
      expect(err).toMatchObject({ code: '53300' });
      expect(isTransientDatabaseError(err)).toBe(true);
      expect(isConnectFailure(err)).toBe(true);

      const policy = createDatabasePolicy({ ...noDelay, maxRetries: 2 });
      let attempts = 0;
      await rejection(
        policy.execute(() => {
          attempts++;
          return limited`insert into users (email) values ('never@example.com')`;
        }),
      );
      expect(attempts).toBe(3);
    } finally {
      await limited.end();
    }
  });

  it('postgres.js to a closed port (ECONNREFUSED) and after end() (CONNECTION_ENDED) are connect failures', async () => {
    const port = await closedPort();
    const nowhere = postgres({ host: '127.0.0.1', port, max: 1, connect_timeout: 5, onnotice: () => {} });
    const refused = await rejection(nowhere`select 1`);
    await nowhere.end();
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isTransientDatabaseError(refused)).toBe(true);
    expect(isConnectFailure(refused)).toBe(true);

    const ended = postgres(db.url, { max: 1, onnotice: () => {} });
    await ended`select 1`;
    await ended.end();
    const afterEnd = await rejection(ended`select 1`);
    expect(afterEnd).toMatchObject({ code: 'CONNECTION_ENDED' });
    expect(isTransientDatabaseError(afterEnd)).toBe(true);
    expect(isConnectFailure(afterEnd)).toBe(true);
  });

  it('an idempotent read through the policy succeeds and passes the rows through', async () => {
    const policy = createDatabasePolicy();
    const rows = await policy.execute(() => sql`select email from users order by id`, { idempotent: true });
    expect(rows.map((r) => r.email)).toEqual(['a@example.com']);
    expect(policy.stats).toMatchObject({ calls: 1, successes: 1 });
  });
});
