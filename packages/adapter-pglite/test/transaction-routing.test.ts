import { sql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createPgliteDriver, createPgliteInstanceRegistry } from '../src/index.js';

const items = pgTable('items', { n: integer('n').notNull() });
const within = <T>(promise: Promise<T>, ms = 10_000): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`deadlock: no answer in ${ms} ms`)), ms),
    ),
  ]);

describe('calls on the driver from inside a transaction [pglite]', () => {
  let driver: DatabaseDriver;
  let sibling: DatabaseDriver;
  beforeAll(async () => {
    const registry = createPgliteInstanceRegistry();
    driver = await createPgliteDriver({ dataDir: 'memory://routing', registry });
    sibling = await createPgliteDriver({ dataDir: 'memory://routing', registry });
    await driver.query('create table items (n integer not null)');
  });
  afterAll(async () => {
    await driver.close();
    await sibling.close();
  });

  it('run on that transaction (no deadlock on the single connection) and roll back with it', async () => {
    const failure = new Error('roll back');
    const seen = await within(
      driver
        .transaction(async (tx) => {
          await tx.query('insert into items values (1)');
          await driver.query('insert into items values (2)'); // the driver, not tx
          await driver.db.insert(items).values({ n: 3 });
          await sibling.query('insert into items values (4)'); // another driver on the same instance
          await driver.transaction(async (inner) => inner.query('insert into items values (5)'));
          await driver.withLock('routing', async (locked) => locked.query('insert into items values (6)'));
          const rows = await driver.query<{ n: number }>('select n from items order by n');
          throw Object.assign(failure, { rows });
        })
        .catch((e: { rows: { n: number }[] }) => e.rows),
    );
    expect(seen.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await driver.query('select count(*) as c from items')).toEqual([{ c: '0' }]);
  });

  it('a call that outlives the transaction runs outside it, after it', async () => {
    let late: Promise<unknown> | undefined;
    await driver.transaction(async (tx) => {
      await tx.query('insert into items values (10)');
      late = new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
        driver.query(sql`select count(*) as c from items where n = ${10}`),
      );
    });
    await expect(within(late!)).resolves.toEqual([{ c: '1' }]);
  });
});
