/**
 * Migrations under faults: a migrating process killed with SIGKILL, a connection cut mid-migration,
 * and four processes starting at once on an empty database. Nothing is ever half-applied, and the
 * next start completes the migration.
 */
import { createPgDriver, createPgPoolRegistry } from '@eliza-sql/adapter-pg';
import { schema } from '@eliza-sql/core-schema';
import {
  createFaultProxy,
  createTestDatabase,
  type FaultProxy,
  type TestDatabase,
  testPostgresUrl,
  uuid,
} from '@eliza-sql/test-support';
import { getTableName, isTable } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CORE_PLUGIN_NAME } from '../../src/database-migration-service.js';
import { SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';
import { spawnFixture } from './child.js';
import { sleep } from './fault-fixture.js';

const url = testPostgresUrl();
const coreTables = Object.values(schema)
  .filter((t) => isTable(t))
  .map((t) => getTableName(t))
  .sort();

describe.runIf(url)('migration under faults [postgres]', () => {
  let proxy: FaultProxy;
  const databases: TestDatabase[] = [];
  const admins: postgres.Sql[] = [];
  const fresh = async () => {
    const database = await createTestDatabase(url as string, 'eliza_faults');
    databases.push(database);
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    admins.push(admin);
    return { database, admin };
  };
  beforeAll(async () => {
    const target = new URL(url as string);
    proxy = await createFaultProxy({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
  });
  afterEach(() => proxy.resume());
  afterAll(async () => {
    await proxy?.close();
    for (const admin of admins) await admin.end({ timeout: 1 });
    for (const database of databases) await database.drop();
  });

  /** What the migration left: public tables, journal rows of the core plugin. */
  const state = async (admin: postgres.Sql) => {
    const tables = (
      await admin<{ name: string }[]>`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`
    ).map((r) => r.name);
    const [exists] = await admin<
      { ok: boolean }[]
    >`select to_regclass('migrations._migrations') is not null as ok`;
    const [journal] = exists?.ok
      ? await admin<
          { n: number }[]
        >`select count(*)::int as n from migrations._migrations where plugin_name = ${CORE_PLUGIN_NAME}`
      : [{ n: 0 }];
    return { tables, journal: journal?.n ?? 0 };
  };
  const none = { tables: [], journal: 0 };
  const complete = { tables: coreTables, journal: 1 };

  /** Waits (bounded) until some session of the database holds an advisory lock: the migrator's. */
  const migrationLockHeld = async (admin: postgres.Sql, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const [row] = await admin<{ n: number }[]>`select count(*)::int as n from pg_locks l
        join pg_database d on d.oid = l.database
        where l.locktype = 'advisory' and l.granted and d.datname = current_database()`;
      if ((row?.n ?? 0) > 0) return true;
      await sleep(5);
    }
    return false;
  };

  const startAdapter = async (databaseUrl: string) => {
    const adapter = new SqlDatabaseAdapter(uuid(), {
      connect: () =>
        createPgDriver({
          url: databaseUrl,
          max: 2,
          registry: createPgPoolRegistry({ shutdownHooks: false }),
        }),
      logger: silentSqlLogger,
    });
    return adapter;
  };

  const assertMigratedAndWorking = async (adapter: SqlDatabaseAdapter, admin: postgres.Sql) => {
    await adapter.init();
    expect(await state(admin)).toEqual(complete);
    const check = await (await adapter.getMigrationService())
      .getMigrator()
      .checkMigration(CORE_PLUGIN_NAME, schema);
    expect(check).toBeNull();
    expect(await adapter.createAgent({ id: adapter.agentId, name: 'after', bio: ['x'] })).toBe(true);
    expect((await adapter.getAgent(adapter.agentId))?.name).toBe('after');
  };

  it('a process killed with SIGKILL mid-migration leaves nothing half-applied; the next start completes it', async () => {
    const { database, admin } = await fresh();
    proxy.setLatency(3); // widens the migration's window (many statements, each a round trip)
    const child = spawnFixture('agent-process.ts', ['migrate', proxy.rewrite(database.url)]);
    const held = await migrationLockHeld(admin);
    expect(held).toBe(true);
    await sleep(150); // well inside the DDL
    child.process.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    expect(child.lines()).not.toContain('migrated');
    // The server notices the dead client and rolls its transaction back: all or nothing.
    let after = await state(admin);
    for (let i = 0; i < 100 && (await migrationLockHeld(admin, 1)); i++) await sleep(20);
    after = await state(admin);
    expect([none, complete]).toContainEqual(after);
    expect(after).toEqual(none);
    proxy.setLatency(0);
    await assertMigratedAndWorking(await startAdapter(database.url), admin);
  });

  it('a connection cut mid-migration fails init() with the error; calling init() again completes it', async () => {
    const { database, admin } = await fresh();
    proxy.setLatency(3);
    const adapter = await startAdapter(proxy.rewrite(database.url));
    const first = adapter.init().then(
      () => 'completed',
      (e: unknown) => e,
    );
    expect(await migrationLockHeld(admin)).toBe(true);
    await sleep(100);
    proxy.cutAll();
    const outcome = await first;
    expect(outcome).toBeInstanceOf(Error);
    for (let i = 0; i < 100 && (await migrationLockHeld(admin, 1)); i++) await sleep(20);
    expect(await state(admin)).toEqual(none);
    proxy.setLatency(0);
    await assertMigratedAndWorking(adapter, admin); // same adapter, same process
    await adapter.close();
  });

  it('4 processes starting at once on an empty database: one migrates, all come up and work', async () => {
    const { database, admin } = await fresh();
    const children = Array.from({ length: 4 }, () =>
      spawnFixture('agent-process.ts', ['start', database.url]),
    );
    const exits = await Promise.all(children.map((c) => c.exited));
    const outputs = children.map((c) => `${c.lines().join('\n')}\n${c.stderr()}`);
    expect(
      exits.map((e) => e.code),
      outputs.join('\n---\n'),
    ).toEqual([0, 0, 0, 0]);
    const agentIds = children.map((c) =>
      c
        .lines()
        .find((l) => l.startsWith('ok '))
        ?.slice(3),
    );
    expect(agentIds.every((id) => typeof id === 'string')).toBe(true);
    expect(await state(admin)).toEqual(complete); // migrated exactly once
    const agents = await admin<{ id: string }[]>`select id::text from agents order by id`;
    expect(agents.map((a) => a.id)).toEqual([...agentIds].sort());
    const [memories] = await admin<
      { n: number }[]
    >`select count(*)::int as n from memories m join embeddings e on e.memory_id = m.id`;
    expect(memories?.n).toBe(4);
  });
});
