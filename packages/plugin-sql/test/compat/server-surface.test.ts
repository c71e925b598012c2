/**
 * Compatibility surface: what code written for @elizaos/plugin-sql@1.7.2 takes from the plugin works
 * the same on ours. The exports (the elizaOS server imports eight of them), each called with what the
 * server passes it; `getDatabase()` / `db`, the Drizzle database; `getConnection()`, the backend's own
 * connection (the PGlite instance, or a node-postgres `Pool`-like object on PostgreSQL).
 */
import { uuid } from '@eliza-sql/test-support';
import { PGlite } from '@electric-sql/pglite';
import type { UUID } from '@elizaos/core';
import * as reference from '@elizaos/plugin-sql';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import * as ours from '../../src/index.js';
import { testConfigBackends } from '../support/config-backends.js';

/** The server's own agent id for its adapter (`AgentServer.initialize`). */
const SERVER_AGENT_ID = '00000000-0000-0000-0000-000000000000' as UUID;

/** A node-postgres `QueryResult`'s everyday fields, and a `PoolClient`. */
interface PoolResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}
interface PoolClientLike {
  query(text: string, params?: unknown[]): Promise<PoolResult>;
  release(): void;
}
interface PoolLike {
  query(text: string, params?: unknown[]): Promise<PoolResult>;
  connect(): Promise<PoolClientLike>;
}

describe('plugin exports', () => {
  it('has every export of the reference, of the same kind, and the plugin as the default export', () => {
    const names = Object.keys(reference).sort();
    expect(names).toEqual(
      expect.arrayContaining(['default', 'DatabaseMigrationService', 'createDatabaseAdapter']),
    );
    for (const name of names) {
      const theirs = (reference as Record<string, unknown>)[name];
      const mine = (ours as Record<string, unknown>)[name];
      expect(typeof mine, name).toBe(typeof theirs);
    }
    expect(ours.default).toBe(ours.plugin);
    expect(ours.default.name).toBe(reference.plugin.name);
  });
});

for (const backend of testConfigBackends) {
  describe(`what the elizaOS server does with the plugin [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('starts as AgentServer.initialize does: getDatabase() into the migration service, then db.execute', async () => {
      const adapter = ours.createDatabaseAdapter(await backend.open(), SERVER_AGENT_ID);
      await adapter.init();
      try {
        const db = adapter.getDatabase();
        expect(db).toBe(adapter.db);
        const migrations = new ours.DatabaseMigrationService();
        await migrations.initializeWithDatabase(db);
        migrations.discoverAndRegisterPluginSchemas([ours.default]);
        await migrations.runAllPluginMigrations();

        // ensureDefaultServer: raw SQL through the Drizzle database, then the adapter reads it.
        const serverId = '00000000-0000-0000-0000-000000000000' as UUID;
        await adapter.db.execute(sql`
          INSERT INTO message_servers (id, name, source_type, created_at, updated_at)
          VALUES (${serverId}, ${'Default Server'}, ${'eliza_default'}, NOW(), NOW())
          ON CONFLICT (id) DO NOTHING`);
        const servers = await adapter.getMessageServers();
        expect(servers.map((s) => [s.id, s.name, s.sourceType])).toEqual([
          [serverId, 'Default Server', 'eliza_default'],
        ]);

        // The data-isolation functions take the adapter, as the server passes it.
        const rlsServer = uuid();
        await expect(ours.installRLSFunctions(adapter)).resolves.toBeInstanceOf(Array);
        await expect(ours.getOrCreateRlsServer(adapter, rlsServer)).resolves.toBe(rlsServer);
        await expect(ours.setServerContext(adapter, rlsServer)).resolves.toBeUndefined();
        const agentId = uuid();
        await adapter.createAgent({ id: agentId, name: 'Assigned', bio: [] });
        await expect(ours.assignAgentToServer(adapter, agentId, rlsServer)).resolves.toBe(true);
        await expect(ours.uninstallRLS(adapter)).resolves.toBeInstanceOf(Array);
      } finally {
        await adapter.close();
      }
    });

    it('initializeWithDatabase takes the adapter, its db or its driver, and names what it expects otherwise', async () => {
      const adapter = ours.createDatabaseAdapter(await backend.open(), uuid());
      await expect(
        new ours.DatabaseMigrationService().initializeWithDatabase(adapter),
      ).resolves.toBeUndefined();
      try {
        for (const database of [adapter.db, adapter.getDatabase(), await adapter.getDriver()]) {
          const migrations = new ours.DatabaseMigrationService();
          await migrations.initializeWithDatabase(database);
          migrations.discoverAndRegisterPluginSchemas([ours.default]);
          await expect(migrations.runAllPluginMigrations()).resolves.toBeUndefined();
        }
        for (const wrong of [undefined, null, {}, 'postgres://x']) {
          await expect(
            new ours.DatabaseMigrationService().initializeWithDatabase(wrong),
          ).rejects.toMatchObject({
            code: 'INVALID_INPUT',
            message: expect.stringContaining('adapter.getDatabase()'),
          });
        }
      } finally {
        await adapter.close();
      }
      expect(() => adapter.getDatabase()).toThrow(expect.objectContaining({ code: 'ADAPTER_NOT_READY' }));
    });

    it("getConnection() is the backend's own connection, on the adapter's database", async () => {
      const adapter = ours.createDatabaseAdapter(await backend.open(), uuid());
      await adapter.init();
      const connection = (await adapter.getConnection()) as PoolLike | PGlite;
      if (backend.name === 'pglite') expect(connection).toBeInstanceOf(PGlite);
      else expect(typeof (connection as PoolLike).connect).toBe('function');

      const answer = await connection.query<{ n: number }>('SELECT $1::int4 + 1 AS n', [41]);
      expect(answer.rows).toEqual([{ n: 42 }]);
      // A write through the connection is seen by the adapter (same database, same agent).
      await adapter.createAgent({ id: adapter.agentId, name: 'Raw', bio: [] });
      await connection.query(`INSERT INTO cache (key, agent_id, value) VALUES ($1, $2, $3::jsonb)`, [
        'raw',
        adapter.agentId,
        JSON.stringify({ via: 'getConnection' }),
      ]);
      await expect(adapter.getCache('raw')).resolves.toEqual({ via: 'getConnection' });
      await adapter.close();
      await expect(adapter.getConnection()).rejects.toMatchObject({ code: 'ADAPTER_NOT_READY' });
    });
  });
}

const postgres = testConfigBackends.find((b) => b.name === 'postgres');
if (postgres) {
  describe('getConnection() on PostgreSQL: the node-postgres Pool surface [postgres]', () => {
    afterAll(() => postgres.cleanup());

    it('query(text, params) gives rows and rowCount, parameters as node-postgres sends them', async () => {
      const adapter = ours.createDatabaseAdapter(await postgres.open(), uuid());
      await adapter.init();
      try {
        const pool = (await adapter.getConnection()) as PoolLike;
        await pool.query(
          'CREATE TABLE raw_values (id int4 PRIMARY KEY, tags text[], doc jsonb, at timestamptz)',
        );
        const tags = ['back\\slash', 'quote"d', 'com,ma', '{brace}', 'NULL', '', 'emoji 🎉'];
        const at = new Date('2024-05-06T07:08:09.010Z');
        const inserted = await pool.query(
          'INSERT INTO raw_values VALUES ($1, $2, $3, $4), ($5, NULL, NULL, NULL)',
          [1, tags, { nested: { list: [1, 'two', null] } }, at, 2],
        );
        expect(inserted.rowCount).toBe(2);
        expect(inserted.rows).toEqual([]);
        const read = await pool.query('SELECT id, tags, doc, at FROM raw_values ORDER BY id');
        expect(read.rowCount).toBe(2);
        expect(read.rows).toEqual([
          { id: 1, tags, doc: { nested: { list: [1, 'two', null] } }, at },
          { id: 2, tags: null, doc: null, at: null },
        ]);
        // As node-postgres: a JSON array parameter is sent as JSON text by the caller.
        const updated = await pool.query('UPDATE raw_values SET doc = $1 WHERE id = $2', [
          JSON.stringify([1, 2]),
          2,
        ]);
        expect(updated.rowCount).toBe(1);
      } finally {
        await adapter.close();
      }
    });

    it('connect() gives one connection for a transaction across queries; release() gives it back', async () => {
      const adapter = ours.createDatabaseAdapter(await postgres.open(), uuid());
      await adapter.init();
      try {
        const pool = (await adapter.getConnection()) as PoolLike;
        await pool.query('CREATE TABLE raw_tx (id int4 PRIMARY KEY)');
        const client = await pool.connect();
        await client.query('BEGIN');
        await client.query('INSERT INTO raw_tx VALUES ($1)', [1]);
        await expect(client.query('SELECT count(*)::int AS n FROM raw_tx')).resolves.toMatchObject({
          rows: [{ n: 1 }],
        });
        await expect(pool.query('SELECT count(*)::int AS n FROM raw_tx')).resolves.toMatchObject({
          rows: [{ n: 0 }],
        });
        await client.query('ROLLBACK');
        client.release();
        client.release(); // idempotent
        await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: 'CLIENT_RELEASED' });
        await expect(pool.query('SELECT count(*)::int AS n FROM raw_tx')).resolves.toMatchObject({
          rows: [{ n: 0 }],
        });
        await adapter.close();
        await expect(pool.query('SELECT 1')).rejects.toMatchObject({ code: 'DRIVER_CLOSED' });
      } finally {
        await adapter.close();
      }
    });
  });
}
