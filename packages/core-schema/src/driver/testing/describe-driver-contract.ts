/**
 * The driver contract (`@eliza-sql/core-schema/driver`) as one executable suite. Every backend runs it:
 * `adapter-pg` on real PostgreSQL, `adapter-pglite` on PGlite (memory:// and a directory), and a third
 * party's backend the same way (see this subpath's index).
 */
import { eq, sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { DatabaseDriver, SqlExecutor } from '../database-driver.js';
import type { DriverContractTestApi } from './driver-contract-test-api.js';

/** One backend under test. */
export interface DriverContractBackend {
  /** Goes in the describe name as `[name]` (`postgres`, `pglite`, ...). */
  readonly name: string;
  /** The `capabilities.backend` the driver must report. */
  readonly backend: string;
  /** Prepares an empty database for the suite (once per describe). */
  setup(): Promise<DriverContractTarget>;
}

export interface DriverContractTarget {
  /**
   * Opens a driver on the suite's database. With `separatePool`, the driver must not share its
   * connection pool with earlier ones (PostgreSQL: another registry), to prove locks work across pools.
   */
  open(options?: { separatePool?: boolean }): Promise<DatabaseDriver>;
  /** Drops the database / removes files. Drivers are closed by the suite before this runs. */
  teardown(): Promise<void>;
}

const events = pgTable('contract_events', {
  id: integer('id').primaryKey(),
  label: text('label').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  data: jsonb('data').$type<{ tags: string[]; n: number }>().notNull(),
});

const texts = pgTable('contract_texts', {
  id: integer('id').primaryKey(),
  note: text('note'),
  tags: text('tags').array(),
  doc: jsonb('doc'),
});

/**
 * Text that has broken an encoding somewhere: backslashes (a literal drizzle's array parser deletes),
 * quotes, braces, commas, `NULL`, empty strings, and U+FEFF first (a decoder drops a leading one).
 */
const TRICKY_TEXTS = [
  '$1 $$ \\x00 ->> @>',
  'C:\\Users\\me\\',
  '\\',
  '\\"',
  '"quoted", {braced}',
  '{a,b}',
  ',',
  'NULL',
  'null',
  '',
  ' ',
  '\uFEFF',
  '\uFEFFafter a byte-order mark',
  'inner\uFEFFmark',
  '\uFEFF\uFEFF',
  "it's é 😀 👩‍👩‍👧 𝄞",
];

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref());
}

async function count(executor: SqlExecutor, table: string): Promise<number> {
  const rows = await executor.query<{ n: string }>(`select count(*) as n from ${table}`);
  return Number(rows[0]?.n);
}

/** Registers the contract suite for one backend with the test runner's functions. */
export function describeDriverContract(backend: DriverContractBackend, test: DriverContractTestApi): void {
  const { afterAll, beforeAll, describe, expect, it } = test;
  describe(`driver contract [${backend.name}]`, () => {
    let target: DriverContractTarget;
    let driver: DatabaseDriver;
    const opened: DatabaseDriver[] = [];
    const open = async (options?: { separatePool?: boolean }) => {
      const d = await target.open(options);
      opened.push(d);
      return d;
    };

    beforeAll(async () => {
      target = await backend.setup();
      driver = await open();
      await driver.query('create table t (id integer primary key, note text)');
      await driver.query(
        'create table contract_events (id integer primary key, label text not null, at timestamptz not null, data jsonb not null)',
      );
      await driver.query(
        'create table contract_texts (id integer primary key, note text, tags text[], doc jsonb)',
      );
    });
    afterAll(async () => {
      for (const d of opened) await d.close();
      await target?.teardown();
    });

    it('declares its capabilities as data', () => {
      expect(driver.capabilities.backend).toBe(backend.backend);
      expect(driver.capabilities.maxConcurrentConnections).toBeGreaterThanOrEqual(1);
      expect(Number.isInteger(driver.capabilities.maxConcurrentConnections)).toBe(true);
      expect(driver.capabilities.extensions).toEqual(expect.arrayContaining(['vector', 'fuzzystrmatch']));
      expect(typeof driver.capabilities.approximateVectorIndexes).toBe('boolean');
    });

    it('can install every extension it declares', async () => {
      for (const name of driver.capabilities.extensions) {
        await driver.query(`create extension if not exists ${name}`);
      }
      const [row] = await driver.query<{ d: number; v: string }>(
        "select levenshtein('kitten', 'sitting') as d, '[1,2,3]'::vector::text as v",
      );
      expect(row).toEqual({ d: 3, v: '[1,2,3]' });
    });

    it('installs each extension at the version it declares', async () => {
      expect(Object.keys(driver.capabilities.extensionVersions).sort()).toEqual(
        [...driver.capabilities.extensions].sort(),
      );
      for (const name of driver.capabilities.extensions) {
        await driver.query(`create extension if not exists ${name}`);
      }
      const installed = await driver.query<{ name: string; version: string }>(
        sql`select extname as name, extversion as version from pg_extension where extname in (${sql.join(
          driver.capabilities.extensions.map((name) => sql`${name}`),
          sql`, `,
        )})`,
      );
      expect(Object.fromEntries(installed.map((e) => [e.name, e.version]))).toEqual(
        driver.capabilities.extensionVersions,
      );
    });

    it('reads the installed versions again when it opens a database that has the extensions', async () => {
      for (const name of driver.capabilities.extensions) {
        await driver.query(`create extension if not exists ${name}`);
      }
      const reopened = await open({ separatePool: true });
      const installed = await reopened.query<{ name: string; version: string }>(
        'select extname as name, extversion as version from pg_extension',
      );
      const expected = Object.fromEntries(
        installed
          .filter((e) => reopened.capabilities.extensions.includes(e.name))
          .map((e) => [e.name, e.version]),
      );
      expect(reopened.capabilities.extensionVersions).toEqual(expected);
      expect(Object.keys(expected).sort()).toEqual([...reopened.capabilities.extensions].sort());
    });

    it('declares row-level security honestly', async () => {
      const [role] = await driver.query<{ bypass: boolean }>(
        'select rolbypassrls or rolsuper as bypass from pg_roles where rolname = current_user',
      );
      if (!driver.capabilities.rowLevelSecurity) {
        // Only claim "no RLS" when the connected role really bypasses it.
        expect(role?.bypass).toBe(true);
        return;
      }
      // Claimed: prove a policy is enforced for a role that does not bypass RLS.
      await driver.query('create table rls_t (owner text not null)');
      await driver.query("insert into rls_t values ('a'), ('b')");
      await driver.query('alter table rls_t enable row level security');
      await driver.query("create policy only_a on rls_t using (owner = 'a')");
      const roleName = `contract_rls_${Math.random().toString(36).slice(2, 10)}`;
      await driver.query(`create role ${roleName} nologin`);
      await driver.query(`grant select on rls_t to ${roleName}`);
      const seen = await driver.transaction(async (tx) => {
        await tx.query(`set local role ${roleName}`);
        return tx.query<{ owner: string }>('select owner from rls_t order by owner');
      });
      expect(seen).toEqual([{ owner: 'a' }]);
      await driver.query(`drop owned by ${roleName}`);
      await driver.query(`drop role ${roleName}`);
    });

    it('normalises raw rows identically: dates, json, int8/numeric, arrays', async () => {
      const at = new Date('2024-05-06T07:08:09.123Z');
      const [row] = await driver.query(sql`select
          ${at.toISOString()}::timestamptz as tz,
          '2024-05-06 07:08:09.5'::timestamp as ts,
          '2024-05-06'::date as d,
          '{"a":[1,{"b":null}]}'::jsonb as jb,
          '[1,"x"]'::json as j,
          9007199254740993::int8 as big,
          1::int8 as small,
          12.50::numeric as num,
          array[1,null,3]::int4[] as ints,
          array['{"a":1}'::jsonb, null] as jbs,
          array[true, false] as bools,
          array[9007199254740993, 2]::int8[] as bigs,
          array['2024-05-06T07:08:09.123Z'::timestamptz, null] as tzs,
          array['2024-05-06'::date] as ds,
          array[1.5, 2]::numeric[] as nums,
          array['a b', 'c,"d"', null]::text[] as texts,
          true as flag, null::text as nothing`);
      expect(row).toEqual({
        tz: at,
        ts: new Date('2024-05-06T07:08:09.500Z'),
        d: new Date('2024-05-06T00:00:00.000Z'),
        jb: { a: [1, { b: null }] },
        j: [1, 'x'],
        big: '9007199254740993',
        small: '1',
        num: '12.50',
        ints: [1, null, 3],
        jbs: [{ a: 1 }, null],
        bools: [true, false],
        bigs: ['9007199254740993', '2'],
        tzs: [at, null],
        ds: [new Date('2024-05-06T00:00:00.000Z')],
        nums: ['1.5', '2'],
        texts: ['a b', 'c,"d"', null],
        flag: true,
        nothing: null,
      });
      expect(row?.tz).toBeInstanceOf(Date);
    });

    it('returns text, text[] and JSON strings with every character, on every path', async () => {
      const rows = TRICKY_TEXTS.map((value, id) => ({
        id,
        note: value,
        tags: [value, 'NULL', '', value],
        doc: { [value]: value, list: [value] },
      }));
      await driver.db.insert(texts).values(rows);
      await driver.db
        .insert(texts)
        .values({ id: 100, note: null, tags: [null as unknown as string, 'NULL'] });
      const expected = [...rows, { id: 100, note: null, tags: [null, 'NULL'], doc: null }];
      const viaDb = () => driver.db.select().from(texts).orderBy(texts.id);
      const raw = 'select id, note, tags, doc from contract_texts order by id';
      expect(await viaDb()).toEqual(expected);
      expect(await driver.query(raw)).toEqual(expected);
      const inTransaction = await driver.transaction(async (tx) => ({
        db: await tx.db.select().from(texts).orderBy(texts.id),
        raw: await tx.query(raw),
      }));
      expect(inTransaction).toEqual({ db: expected, raw: expected });
      // Values that arrive as a result of SQL (not a column read) keep them too.
      const [computed] = await driver.query<{ first: string; element: string; key: string }>(
        sql`select ${TRICKY_TEXTS[12]}::text as first, (array[${TRICKY_TEXTS[12]}::text])[1] as element, ${JSON.stringify({ k: TRICKY_TEXTS[12] })}::jsonb ->> 'k' as key`,
      );
      expect(computed).toEqual({ first: TRICKY_TEXTS[12], element: TRICKY_TEXTS[12], key: TRICKY_TEXTS[12] });
    });

    it('reads timestamptz as the same instant whatever the session time zone', async () => {
      const instants = ['2024-05-06T07:08:09.123Z', '1850-01-01T12:00:00.000Z', '0044-03-15T12:00:00.000Z'];
      for (const zone of ['Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam', 'UTC']) {
        const rows = await driver.transaction(async (tx) => {
          await tx.query(`set local time zone '${zone}'`);
          return tx.query<{ at: Date }>(
            sql`select unnest(${sql.raw(`array[${instants.map((i) => `'${i}'::timestamptz`).join(', ')}]`)}) as at`,
          );
        });
        expect(
          rows.map((r) => r.at.toISOString()),
          zone,
        ).toEqual(instants);
      }
      const [bc] = await driver.query(
        "select '0044-03-15 12:00:00+00 BC'::timestamptz as at, '0044-03-15 BC'::date as d, '0099-12-31'::date as y99",
      );
      expect(bc).toEqual({
        at: new Date('-000043-03-15T12:00:00.000Z'),
        d: new Date('-000043-03-15T00:00:00.000Z'),
        y99: new Date('0099-12-31T00:00:00.000Z'),
      });
    });

    it('binds Date, object and bigint parameters of sql`` the same way', async () => {
      const at = new Date('2023-01-02T03:04:05.678Z');
      const [row] = await driver.query(
        sql`select ${at}::timestamptz as at, ${JSON.stringify({ k: 1 })}::jsonb as doc, ${10n}::int8 as n, ${'x'} as s`,
      );
      expect(row).toEqual({ at, doc: { k: 1 }, n: '10', s: 'x' });
    });

    it('runs drizzle-typed queries on driver.db with drizzle column mapping', async () => {
      const at = new Date('2022-02-03T04:05:06.789Z');
      await driver.db.insert(events).values({ id: 1, label: 'typed', at, data: { tags: ['a'], n: 1 } });
      const rows = await driver.db.select().from(events).where(eq(events.id, 1));
      expect(rows).toEqual([{ id: 1, label: 'typed', at, data: { tags: ['a'], n: 1 } }]);
      const raw = await driver.query('select at, data from contract_events where id = 1');
      expect(raw).toEqual([{ at, data: { tags: ['a'], n: 1 } }]);
    });

    it('commits a transaction and returns its result; tx.db and tx.query see the same work', async () => {
      const result = await driver.transaction(async (tx) => {
        await tx.db.insert(events).values({ id: 10, label: 'tx', at: new Date(), data: { tags: [], n: 10 } });
        const inside = await tx.query<{ label: string }>('select label from contract_events where id = 10');
        await tx.query(sql`insert into t values (${10}, ${'from raw'})`);
        const viaDb = await tx.db.select({ label: events.label }).from(events).where(eq(events.id, 10));
        return { inside, viaDb };
      });
      expect(result).toEqual({ inside: [{ label: 'tx' }], viaDb: [{ label: 'tx' }] });
      expect(await driver.query('select note from t where id = 10')).toEqual([{ note: 'from raw' }]);
    });

    it('rolls back when fn throws and rethrows the same error', async () => {
      const boom = new Error('boom');
      await expect(
        driver.transaction(async (tx) => {
          await tx.query(sql`insert into t values (${20}, ${'doomed'})`);
          await tx.db
            .insert(events)
            .values({ id: 20, label: 'doomed', at: new Date(), data: { tags: [], n: 0 } });
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await count(driver, 't where id = 20')).toBe(0);
      expect(await count(driver, 'contract_events where id = 20')).toBe(0);
    });

    it('nests transactions as savepoints: an inner rollback keeps the outer work', async () => {
      await driver.transaction(async (tx) => {
        await tx.query(sql`insert into t values (${30}, ${'outer'})`);
        await expect(
          tx.transaction(async (inner) => {
            await inner.query(sql`insert into t values (${31}, ${'inner'})`);
            await inner.db
              .insert(events)
              .values({ id: 31, label: 'inner', at: new Date(), data: { tags: [], n: 0 } });
            throw new Error('inner fails');
          }),
        ).rejects.toThrow('inner fails');
        const kept = await tx.transaction(async (inner) => {
          await inner.query(sql`insert into t values (${32}, ${'inner kept'})`);
          return inner.transaction(async (deeper) => count(deeper, 't where id between 30 and 39'));
        });
        expect(kept).toBe(2);
        // drizzle's own nesting on the transaction's handle is a savepoint too.
        await expect(
          tx.db.transaction(async (dtx) => {
            await dtx
              .insert(events)
              .values({ id: 33, label: 'drizzle nested', at: new Date(), data: { tags: [], n: 0 } });
            dtx.rollback();
          }),
        ).rejects.toThrow();
      });
      const ids = await driver.query<{ id: number }>(
        'select id from t where id between 30 and 39 order by id',
      );
      expect(ids.map((r) => r.id)).toEqual([30, 32]);
      expect(await count(driver, 'contract_events where id in (31, 33)')).toBe(0);
    });

    it('lets the outer driver be used while a transaction is open (queued when single-connection)', async () => {
      const release = deferred();
      const entered = deferred();
      let txEnded = false;
      const tx = driver.transaction(async (t) => {
        await t.query(sql`insert into t values (${40}, ${'in tx'})`);
        entered.resolve();
        await release.promise;
        txEnded = true;
      });
      await entered.promise;
      const outer = driver.query('select 1 as one').then((rows) => ({ rows, afterTx: txEnded }));
      await sleep(100);
      release.resolve();
      const result = await Promise.race([outer, timeout(15_000, 'outer query while a transaction was open')]);
      await tx;
      expect(result.rows).toEqual([{ one: 1 }]);
      if (driver.capabilities.maxConcurrentConnections === 1) expect(result.afterTx).toBe(true);
    });

    it('withLock serialises holders of the same key, across separate drivers/pools', async () => {
      const other = await open({ separatePool: true });
      const log: string[] = [];
      const aEntered = deferred();
      const aRelease = deferred();
      const a = driver.withLock('contract-key', async (tx) => {
        log.push('a in');
        await tx.query('select 1');
        aEntered.resolve();
        await aRelease.promise;
        log.push('a out');
      });
      await aEntered.promise;
      const b = other.withLock('contract-key', async (tx) => {
        log.push('b in');
        await tx.query('select 1');
        log.push('b out');
      });
      await sleep(300);
      expect(log).toEqual(['a in']);
      aRelease.resolve();
      await Promise.race([Promise.all([a, b]), timeout(15_000, 'withLock holders')]);
      expect(log).toEqual(['a in', 'a out', 'b in', 'b out']);
    });

    it('withLock on different keys does not block when connections allow concurrency', async () => {
      if (driver.capabilities.maxConcurrentConnections === 1) return;
      const release = deferred();
      const held = deferred();
      const a = driver.withLock('key-one', async () => {
        held.resolve();
        await release.promise;
      });
      await held.promise;
      const b = await Promise.race([
        driver.withLock('key-two', async () => 'b done'),
        timeout(10_000, 'key-two'),
      ]);
      expect(b).toBe('b done');
      release.resolve();
      await a;
    });

    it('gives its own connection: query(text, params) with $n placeholders resolves to { rows }', async () => {
      const result = await driver.connection.query<{ n: number; label: string }>(
        'select $1::int4 + 1 as n, $2::text as label',
        [41, 'it\'s "quoted"'],
      );
      expect(result.rows).toEqual([{ n: 42, label: 'it\'s "quoted"' }]);
      await driver.query('create table contract_native (id int4 primary key, label text not null)');
      await driver.connection.query('insert into contract_native values ($1, $2)', [1, 'seen by the driver']);
      await expect(driver.query('select label from contract_native')).resolves.toEqual([
        { label: 'seen by the driver' },
      ]);
    });

    it('pings', async () => {
      await expect(driver.ping()).resolves.toBeUndefined();
    });

    it('closes idempotently; later calls reject with DRIVER_CLOSED; other drivers are unaffected', async () => {
      const a = await open();
      const b = await open();
      await a.close();
      await a.close();
      for (const call of [
        () => a.query('select 1'),
        () => a.transaction(async () => 1),
        () => a.withLock('k', async () => 1),
        () => a.ping(),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: 'DRIVER_CLOSED' });
      }
      await expect(b.ping()).resolves.toBeUndefined();
      await expect(driver.query('select 1 as x')).resolves.toEqual([{ x: 1 }]);
    });
  });
}
