/**
 * Tenant-scoped foreign keys across the schema's life (PostgreSQL): migrations leave them alone, a
 * later migration that replaces a key by name still runs and the next installation scopes the new
 * key again (plugin tables as core ones), SET NULL never clears `server_id`, and uninstalling
 * isolation restores every key exactly as the schema declared it.
 */
import { schema } from '@eliza-sql/core-schema';
import { createMigrator } from '@eliza-sql/migrator';
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import { pgTable, text, uuid as uuidColumn } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDataIsolation, uninstallDataIsolation } from '../../src/index.js';
import { createIsolatedDatabase, type IsolatedDatabase } from './isolation-fixture.js';

const url = testPostgresUrl();

const parents = pgTable('probe_parents', { id: uuidColumn('id').primaryKey(), name: text('name') });
/** A plugin's schema, version 1 (cascade) and version 2 (the same key, now SET NULL). */
const pluginVersion = (onDelete: 'cascade' | 'set null') => ({
  parents,
  children: pgTable('probe_children', {
    id: uuidColumn('id').primaryKey(),
    parentId: uuidColumn('parent_id').references(() => parents.id, { onDelete }),
  }),
});
const PLUGIN = 'probe-plugin';

describe.runIf(url)('tenant-scoped foreign keys and migrations [postgres]', () => {
  let db: IsolatedDatabase;
  const serverA = uuid();
  let declared: Map<string, string>;

  /** name -> definition of every public foreign key. */
  const foreignKeys = async () =>
    new Map(
      (
        await db.owner.query<{ name: string; definition: string }>(`
          SELECT co.conname AS name, pg_get_constraintdef(co.oid) AS definition FROM pg_constraint co
          WHERE co.contype = 'f' AND co.connamespace = 'public'::regnamespace`)
      ).map((k) => [k.name, k.definition]),
    );
  const childKey = async () => {
    const keys = [...(await foreignKeys()).entries()].filter(([, d]) => d.includes('probe_parents'));
    expect(keys.length).toBe(1);
    return (keys[0] as [string, string])[1];
  };

  beforeAll(async () => {
    db = await createIsolatedDatabase(url as string);
    await createMigrator(db.owner).migrate(PLUGIN, pluginVersion('cascade'));
    declared = await foreignKeys();
    await installDataIsolation(db.owner, { serverId: serverA });
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('scopes core and plugin keys, and migrating again plans nothing for them', async () => {
    expect(await childKey()).toBe(
      'FOREIGN KEY (server_id, parent_id) REFERENCES probe_parents(server_id, id) ON DELETE CASCADE',
    );
    for (const [name, definition] of await foreignKeys())
      expect(definition, name).toMatch(/^FOREIGN KEY \(server_id, /);
    const migrator = createMigrator(db.owner);
    expect((await migrator.plan('@elizaos/plugin-sql', schema)).statements.map((s) => s.sql)).toEqual([]);
    expect((await migrator.plan(PLUGIN, pluginVersion('cascade'))).statements.map((s) => s.sql)).toEqual([]);
  });

  it('a later migration replacing a key by name runs, and the next installation scopes it again', async () => {
    const result = await createMigrator(db.owner).migrate(PLUGIN, pluginVersion('set null'));
    expect(result.statements.some((s) => /DROP CONSTRAINT/.test(s))).toBe(true);
    expect(await childKey()).toMatch(
      /^FOREIGN KEY \(parent_id\) REFERENCES probe_parents\(id\) ON DELETE SET NULL$/,
    );
    const report = await installDataIsolation(db.owner, { serverId: serverA });
    expect(report.changes.length).toBe(1); // only that key; the parent's index is there already
    expect(await childKey()).toBe(
      'FOREIGN KEY (server_id, parent_id) REFERENCES probe_parents(server_id, id) ON DELETE SET NULL (parent_id)',
    );
    // SET NULL clears the reference, never the row's server
    const parent = uuid();
    const child = uuid();
    await db.owner.query(`INSERT INTO probe_parents (id, server_id) VALUES ('${parent}', '${serverA}')`);
    await db.owner.query(
      `INSERT INTO probe_children (id, parent_id, server_id) VALUES ('${child}', '${parent}', '${serverA}')`,
    );
    await db.owner.query(`DELETE FROM probe_parents WHERE id = '${parent}'`);
    expect(
      await db.owner.query(`SELECT parent_id, server_id::text FROM probe_children WHERE id = '${child}'`),
    ).toEqual([{ parent_id: null, server_id: serverA }]);
  });

  it('uninstalling isolation restores every key as declared and drops the indexes it added', async () => {
    await uninstallDataIsolation(db.owner);
    const restored = await foreignKeys();
    const expected = new Map(declared);
    expected.set(
      [...declared.entries()].find(([, d]) => d.includes('probe_parents'))?.[0] as string,
      'FOREIGN KEY (parent_id) REFERENCES probe_parents(id) ON DELETE SET NULL',
    );
    expect(restored).toEqual(expected);
    const left = await db.owner.query(`SELECT 1 FROM pg_class WHERE relname LIKE '%\\_tenant\\_key'`);
    expect(left).toEqual([]);
    expect(await uninstallDataIsolation(db.owner)).toEqual([]);
  });
});
