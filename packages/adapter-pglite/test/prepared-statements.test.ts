import type { PGlite } from '@electric-sql/pglite';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDriver, createPgliteInstanceRegistry } from '../src/index.js';
import { PREPARED_STATEMENT_LIMIT } from '../src/prepared-statements.js';

/** The names of the statements the instance holds prepared now. */
async function preparedNames(driver: DatabaseDriver): Promise<string[]> {
  const rows = await driver.query<{ name: string }>('select name from pg_prepared_statements order by name');
  return rows.map((row) => row.name);
}

describe('pglite: repeated statements run prepared, with the answers of unprepared ones', () => {
  let driver: DatabaseDriver;
  let pglite: PGlite;
  beforeAll(async () => {
    driver = await createPgliteDriver({
      dataDir: `memory://prepared-${Math.random().toString(36).slice(2)}`,
      registry: createPgliteInstanceRegistry(),
    });
    pglite = driver.connection as PGlite;
    await driver.query('create table notes (id int primary key, body text, tags text[], doc jsonb)');
  });
  afterAll(() => driver.close());

  const byId = (id: number) => sql`select * from notes where id = ${id}`;

  it('prepares a statement on its second run and answers the same every run', async () => {
    await driver.query(
      sql`insert into notes (id, body, tags, doc) values (${1}, ${'\uFEFFhello'}, ${'{a,b}'}::text[], ${JSON.stringify({ k: [1, 2] })}::jsonb)`,
    );
    await driver.query(
      sql`insert into notes (id, body, tags, doc) values (${2}, ${null}, ${'{}'}::text[], ${null})`,
    );
    const runs = [];
    for (let i = 0; i < 8; i++) runs.push(await driver.query(byId(1)), await driver.query(byId(2)));
    expect(runs[0]).toEqual([{ id: 1, body: '\uFEFFhello', tags: ['a', 'b'], doc: { k: [1, 2] } }]);
    expect(runs[1]).toEqual([{ id: 2, body: null, tags: [], doc: null }]);
    for (const [i, run] of runs.entries()) expect(run).toEqual(runs[i % 2]);
    expect((await preparedNames(driver)).length).toBeGreaterThan(0);
  });

  it('gives a prepared statement’s error its code, statement and parameters, and keeps working', async () => {
    const insert = (id: number) => sql`insert into notes (id, body) values (${id}, ${'x'})`;
    await driver.query(insert(10));
    await driver.query(insert(11)); // second run: prepared
    const error = await driver.query(insert(10)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: '23505',
      query: expect.stringContaining('insert into notes'),
      params: [10, 'x'],
    });
    expect(await driver.query(sql`select count(*)::int as n from notes where id in (10, 11)`)).toEqual([
      { n: 2 },
    ]);
    await driver.query(insert(12));
    expect(await driver.query(byId(12))).toEqual([{ id: 12, body: 'x', tags: null, doc: null }]);
  });

  it('sees a changed table: a schema change closes the prepared statements', async () => {
    await driver.query(byId(1));
    await driver.query(byId(1));
    await driver.query('alter table notes add column extra text');
    expect(await driver.query(byId(1))).toEqual([
      { id: 1, body: '\uFEFFhello', tags: ['a', 'b'], doc: { k: [1, 2] }, extra: null },
    ]);
    await driver.transaction(async (tx) => {
      await tx.query(byId(2));
      await tx.query(byId(2));
      await tx.query('alter table notes drop column extra');
      expect(await tx.query(byId(2))).toEqual([{ id: 2, body: null, tags: [], doc: null }]);
    });
  });

  it('sees a table changed behind its back (DDL it did not run) outside a transaction', async () => {
    await driver.query(byId(2));
    await driver.query(byId(2));
    // A function's DDL does not look like a schema change from its text.
    await driver.query(
      `create function add_extra() returns void language sql as 'alter table notes add column extra2 int'`,
    );
    await driver.query('select add_extra()');
    expect(await driver.query(byId(2))).toEqual([{ id: 2, body: null, tags: [], doc: null, extra2: null }]);
  });

  it('runs prepared statements inside transactions: rolled back writes are gone, committed ones stay', async () => {
    const put = (id: number) => sql`insert into notes (id, body) values (${id}, ${'tx'})`;
    await driver.query(put(20));
    await expect(
      driver.transaction(async (tx) => {
        await tx.query(put(21));
        await tx.query(put(22));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await driver.transaction(async (tx) => {
      await tx.query(put(23));
    });
    const ids = await driver.query<{ id: number }>(
      sql`select id from notes where body = ${'tx'} order by id`,
    );
    expect(ids.map((row) => row.id)).toEqual([20, 23]);
  });

  it(`keeps at most ${PREPARED_STATEMENT_LIMIT} statements prepared`, async () => {
    for (let n = 0; n < PREPARED_STATEMENT_LIMIT + 20; n++) {
      const text = `select ${n}::int as n, id from notes where id = $1`;
      await pglite.query(text, [1]);
      expect(await pglite.query(text, [1])).toMatchObject({ rows: [{ n, id: 1 }] });
    }
    expect((await preparedNames(driver)).length).toBeLessThanOrEqual(PREPARED_STATEMENT_LIMIT);
  });
});
