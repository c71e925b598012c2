/**
 * A hostile tenant with raw SQL through its own adapter's connection (`getDriver()`,
 * `getConnection()`, the transaction of `withIsolationContext`) cannot change which server it is,
 * read the tenant registry, or drop, disable or replace what isolates it; and a running adapter
 * notices when the owner removes isolation. Two servers, each connected as its own NON-superuser
 * login role (the supported two-role setup); every probe ends with server A's rows checksummed
 * unchanged and B seeing none of them.
 */
import type { DatabaseDriver, SqlExecutor } from '@eliza-sql/core-schema/driver';
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isElizaSqlError,
  type SqlDatabaseAdapter,
  setServerContext,
  uninstallDataIsolation,
} from '../../src/index.js';
import {
  createTwoServers,
  type IsolatedDatabase,
  type SeededServer,
  snapshotServerRows,
} from './isolation-fixture.js';

const url = testPostgresUrl();

interface PoolLike {
  connect(): Promise<{
    query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
    release(): void;
  }>;
}

/** The SQLSTATE somewhere down `err`'s cause chain. */
function sqlState(err: unknown): string | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Asserts `p` is refused by PostgreSQL for lack of privilege (42501). */
async function expectDenied(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => new Error('resolved: the statement was allowed'),
    (e: unknown) => e,
  );
  expect(sqlState(err), String(err)).toBe('42501');
}

describe.runIf(url)('a hostile tenant cannot change or undo its isolation [postgres]', () => {
  const serverA = uuid();
  const serverB = uuid();
  let db: IsolatedDatabase;
  let a: SqlDatabaseAdapter;
  let b: SqlDatabaseAdapter;
  let rawB: DatabaseDriver;
  let seedA: SeededServer;
  let seedB: SeededServer;
  let before: Record<string, string>;

  /** The memory ids a statement run as B sees, after `prepare` ran in the same transaction. */
  const memoriesSeenBy = async (ex: SqlExecutor, prepare: string) =>
    ex.transaction(async (tx) => {
      await tx.query(prepare);
      const rows = await tx.query<{ id: string }>('SELECT id::text AS id FROM memories ORDER BY id');
      return rows.map((r) => r.id);
    });

  /** A's rows unchanged, and nothing of A visible to B (raw SQL and adapter). */
  const expectIntact = async () => {
    expect(await snapshotServerRows(db.owner, serverA)).toEqual(before);
    const seen = await rawB.query<{ s: string }>(
      `SELECT server_id::text AS s FROM memories UNION SELECT server_id::text FROM agents
       UNION SELECT server_id::text FROM entities UNION SELECT server_id::text FROM cache
       UNION SELECT id::text FROM servers`,
    );
    expect(seen.map((r) => r.s)).toEqual([serverB]);
    expect(await b.getMemoryById(seedA.memoryId)).toBeNull();
    expect((await a.getMemoryById(seedA.memoryId))?.content.text).toBe('memory-a');
  };

  beforeAll(async () => {
    ({ db, a, b, seedA, seedB } = await createTwoServers(url as string, serverA, serverB));
    rawB = await b.getDriver();
    before = await snapshotServerRows(db.owner, serverA);
    for (const [table, rows] of Object.entries(before)) expect(rows, table).not.toMatch(/^0:/);
  });
  afterAll(() => db?.cleanup());

  it("setting app.server_id to A's id shows B nothing of A: raw driver, withIsolationContext, getConnection()", async () => {
    const setA = `SELECT set_config('app.server_id', '${serverA}', true)`;
    expect(await memoriesSeenBy(rawB, setA)).toEqual([seedB.memoryId]);
    expect(await b.withIsolationContext(null, (tx) => memoriesSeenBy(tx, setA))).toEqual([seedB.memoryId]);
    const client = await ((await b.getConnection()) as unknown as PoolLike).connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.server_id', $1, true)`, [serverA]);
      const { rows } = await client.query('SELECT id::text AS id FROM memories');
      await client.query('COMMIT');
      expect(rows).toEqual([{ id: seedB.memoryId }]);
    } finally {
      client.release();
    }
    await expectIntact();
  });

  it('SET ROLE to the group role keeps B’s identity; becoming another tenant or another session user is refused', async () => {
    expect(await memoriesSeenBy(rawB, `SET LOCAL ROLE ${db.role}`)).toEqual([seedB.memoryId]);
    const roleA = await db.tenantRole(serverA);
    await expectDenied(rawB.transaction((tx) => tx.query(`SET LOCAL ROLE ${roleA}`)));
    await expectDenied(rawB.transaction((tx) => tx.query(`SET LOCAL SESSION AUTHORIZATION ${roleA}`)));
    await expectIntact();
  });

  it('servers lists only B’s own row and takes no other; the role mapping can be neither read nor written', async () => {
    expect(await rawB.query('SELECT id::text AS id FROM servers')).toEqual([{ id: serverB }]);
    const other = uuid();
    const refusal = await rawB.query(`INSERT INTO servers (id) VALUES ('${other}')`).then(
      () => 'inserted',
      (e: unknown) => sqlState(e),
    );
    expect(refusal).toBe('42501'); // new row violates row-level security policy
    await expectDenied(rawB.query('SELECT * FROM eliza_sql_tenant_roles'));
    await expectDenied(
      rawB.query(`UPDATE eliza_sql_tenant_roles SET server_id = '${serverA}' WHERE role_name = session_user`),
    );
    await expectDenied(
      rawB.query(`INSERT INTO eliza_sql_tenant_roles (role_name, server_id) VALUES ('x', '${serverA}')`),
    );
    await expectIntact();
  });

  it('a current_server_id() of its own in pg_temp, first on the search path, changes nothing', async () => {
    const seen = await rawB.transaction(async (tx) => {
      await tx.query(
        `CREATE FUNCTION pg_temp.current_server_id() RETURNS uuid LANGUAGE sql AS $$ SELECT '${serverA}'::uuid $$`,
      );
      await tx.query('SET LOCAL search_path = pg_temp, public');
      const rows = await tx.query<{ id: string }>('SELECT id::text AS id FROM memories');
      return rows.map((r) => r.id);
    });
    expect(seen).toEqual([seedB.memoryId]);
    await expectIntact();
  });

  it("setServerContext accepts only the tenant's own server, on its adapter and on its raw connection", async () => {
    const invalid = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => new Error('resolved'),
        (e: unknown) => e,
      );
      expect(isElizaSqlError(err, 'INVALID_INPUT'), String(err)).toBe(true);
    };
    await invalid(setServerContext(b, serverA));
    await invalid(setServerContext(rawB, serverA));
    await invalid(b.withIsolationContext(null, (tx) => setServerContext(tx, serverA)));
    await expect(setServerContext(b, serverB)).resolves.toBeUndefined();
    await expect(setServerContext(rawB, serverB)).resolves.toBeUndefined();
    await expectIntact();
  });

  it('dropping or disabling the policies, replacing current_server_id() and uninstallDataIsolation(B) are refused', async () => {
    await expectDenied(rawB.query('DROP POLICY server_isolation_policy ON memories'));
    await expectDenied(rawB.query('ALTER TABLE memories DISABLE ROW LEVEL SECURITY'));
    await expectDenied(rawB.query('ALTER TABLE memories NO FORCE ROW LEVEL SECURITY'));
    await expectDenied(
      rawB.query(
        `CREATE OR REPLACE FUNCTION public.current_server_id() RETURNS uuid LANGUAGE sql AS $$ SELECT '${serverA}'::uuid $$`,
      ),
    );
    await expectDenied(uninstallDataIsolation(b));
    await expectDenied(rawB.query('TRUNCATE memories CASCADE'));
    await expectIntact();
  });

  const expectRemoved = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => new Error('resolved'),
      (e: unknown) => e,
    );
    expect(isElizaSqlError(err, 'ISOLATION_NOT_INSTALLED'), String(err)).toBe(true);
  };

  it('a running adapter whose login role the owner re-binds fails its next call', async () => {
    const roleA = await db.tenantRole(serverA);
    const rebind = (to: UUID) =>
      db.owner.query(`UPDATE eliza_sql_tenant_roles SET server_id = '${to}' WHERE role_name = '${roleA}'`);
    await rebind(serverB);
    await expectRemoved(a.getMemoryById(seedA.memoryId));
    await rebind(serverA);
    await expectIntact();
  });

  it('a running adapter fails its next call, before running any of it, once the owner uninstalls isolation', async () => {
    await uninstallDataIsolation(db.owner);
    await expectRemoved(a.getMemoryById(seedA.memoryId));
    await expectRemoved(a.getAgents());
    await expectRemoved(a.setCache('after-removal', { written: true }));
    await expectRemoved(a.withIsolationContext(null, (tx) => tx.query('SELECT 1')));
    const [written] = await db.owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cache WHERE key = 'after-removal'`,
    );
    expect(written?.n).toBe(0);
    expect(await snapshotServerRows(db.owner, serverA)).toEqual(before);
  });
});
