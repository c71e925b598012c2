import {
  createTestDatabase,
  expectOnePerProcess,
  spawnSourceScript,
  type TestDatabase,
  testPostgresUrl,
} from '@eliza-sql/test-support';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDriver, createPgPoolRegistry, getPgPoolRegistry } from '../src/index.js';

const url = testPostgresUrl();

describe.runIf(url)('pool registry and shutdown [postgres]', () => {
  let database: TestDatabase;
  let admin: postgres.Sql;
  beforeAll(async () => {
    database = await createTestDatabase(url!, 'eliza_pg_registry');
    admin = postgres(url!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  const connectionsOf = async (applicationName: string) => {
    const [row] = await admin<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where application_name = ${applicationName}`;
    return row?.n ?? -1;
  };

  it('shares one pool per url + options, reference-counted; the last close ends it', async () => {
    const registry = createPgPoolRegistry({ shutdownHooks: false });
    const applicationName = `registry_${Date.now()}`;
    const a = await createPgDriver({ url: database.url, registry, applicationName });
    const b = await createPgDriver({ url: database.url, registry, applicationName });
    const c = await createPgDriver({ url: database.url, registry, applicationName, max: 3 });
    expect(registry.size).toBe(2);
    expect(registry.entries.map((e) => [e.options.max, e.refs])).toEqual([
      [20, 2],
      [3, 1],
    ]);
    expect(registry.entries[0]?.options).toEqual({
      max: 20,
      idleTimeoutMs: 30_000,
      connectTimeoutMs: 5_000,
      prepare: true,
      applicationName,
    });
    await a.close();
    await expect(b.query('select 1 as one')).resolves.toEqual([{ one: 1 }]);
    expect(registry.entries.map((e) => e.refs)).toEqual([1, 1]);
    expect(await connectionsOf(applicationName)).toBeGreaterThan(0);
    await b.close();
    await c.close();
    expect(registry.size).toBe(0);
    expect(await connectionsOf(applicationName)).toBe(0);
  });

  it('masks the password in entries', async () => {
    const registry = createPgPoolRegistry({ shutdownHooks: false });
    const withPassword = new URL(database.url);
    withPassword.password = 'sekret';
    const driver = await createPgDriver({ url: withPassword.toString(), registry }).catch(() => undefined);
    // The test server may or may not check passwords; the entry (while open) must not show it.
    for (const entry of registry.entries) expect(entry.url).not.toContain('sekret');
    await driver?.close();
  });

  it('is one per process, on globalThis under a Symbol.for key, even if the package is loaded twice', async () => {
    // The second copy of the module comes from a fresh import after the module cache is reset.
    await expectOnePerProcess('@eliza-sql/adapter-pg/registry', getPgPoolRegistry, async () => {
      return (await import('../src/pool-registry.js')).getPgPoolRegistry;
    });
  });

  it('installs shutdown hooks while a pool is open and removes them when none is', async () => {
    const before = process.listenerCount('SIGTERM');
    const registry = createPgPoolRegistry();
    const a = await createPgDriver({ url: database.url, registry });
    const b = await createPgDriver({ url: database.url, registry, max: 2 });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    expect(process.listenerCount('SIGINT')).toBeGreaterThan(0);
    await a.close();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    await b.close();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('works without prepared statements (prepare: false, PgBouncer-friendly)', async () => {
    const registry = createPgPoolRegistry({ shutdownHooks: false });
    const driver = await createPgDriver({ url: database.url, registry, prepare: false });
    for (let i = 0; i < 3; i++) {
      await expect(driver.query(`select ${i}::int as i`)).resolves.toEqual([{ i }]);
    }
    const { sql } = await import('drizzle-orm');
    await expect(driver.query(sql`select ${5}::int as i`)).resolves.toEqual([{ i: 5 }]);
    expect(registry.entries[0]?.options.prepare).toBe(false);
    await driver.close();
  });

  it('prepares drizzle statements too when prepare is on, and none when it is off', async () => {
    const { eq, sql } = await import('drizzle-orm');
    const { pgTable, integer } = await import('drizzle-orm/pg-core');
    const probe = pgTable('prepare_probe', { n: integer('n').notNull() });
    const preparedOn = async (prepare: boolean) => {
      const driver = await createPgDriver({
        url: database.url,
        max: 1,
        prepare,
        registry: createPgPoolRegistry({ shutdownHooks: false }),
      });
      await driver.query('create table if not exists prepare_probe (n integer not null)');
      const statements = await driver.transaction(async (tx) => {
        await tx.db.select().from(probe).where(eq(probe.n, 1));
        await tx.query(sql`select ${1}::int as one`);
        return tx.query<{ statement: string }>('select statement from pg_prepared_statements');
      });
      await driver.close();
      return statements.map((s) => s.statement);
    };
    const on = await preparedOn(true);
    expect(on.some((s) => s.includes('"prepare_probe"'))).toBe(true);
    expect(on.some((s) => s.includes('$1::int as one'))).toBe(true);
    expect(on.some((s) => s.startsWith('create table'))).toBe(false); // no parameters: not cached
    expect(await preparedOn(false)).toEqual([]);
  });

  it('rejects bad options with a typed error, and an unreachable server with the connection error', async () => {
    await expect(createPgDriver({ url: 'mysql://x' })).rejects.toMatchObject({
      code: 'INVALID_DRIVER_OPTIONS',
    });
    await expect(createPgDriver({ url: database.url, max: 0 })).rejects.toMatchObject({
      code: 'INVALID_DRIVER_OPTIONS',
    });
    const registry = createPgPoolRegistry({ shutdownHooks: false });
    await expect(
      createPgDriver({ url: 'postgres://postgres@127.0.0.1:1/none', registry, connectTimeoutMs: 1000 }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(registry.size).toBe(0);
  });

  it('on SIGTERM a process closes its pools, lets in-flight queries finish, and exits by the signal', async () => {
    const applicationName = `shutdown_${process.pid}_${Date.now()}`;
    const child = spawnSourceScript(new URL('./fixtures/hold-pool.ts', import.meta.url), [
      database.url,
      applicationName,
    ]);
    await child.waitFor(/^ready$/);
    expect(await connectionsOf(applicationName)).toBeGreaterThan(0);
    child.process.kill('SIGTERM');
    const exit = await Promise.race([
      child.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('child did not exit')), 20_000)),
    ]);
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(child.stdout()).toContain('in-flight finished');
    // The server saw every connection of that process close.
    let remaining = await connectionsOf(applicationName);
    for (let i = 0; i < 20 && remaining > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      remaining = await connectionsOf(applicationName);
    }
    expect(remaining).toBe(0);
  });
});
