/**
 * The reference's functions take its adapter (`installRLSFunctions(adapter)`); ours accept an adapter
 * as well as a driver or transaction, and an isolated adapter supplies its own server id.
 */
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyRLSToNewTables,
  assignAgentToServer,
  findUnisolatedTables,
  getOrCreateRlsServer,
  installDataIsolation,
  installRLSFunctions,
  isElizaSqlError,
  SqlDatabaseAdapter,
  silentSqlLogger,
  uninstallRLS,
} from '../../src/index.js';
import { createIsolatedDatabase, type IsolatedDatabase } from './isolation-fixture.js';

const url = testPostgresUrl();

describe.runIf(url)('data isolation functions given an adapter [postgres]', () => {
  const serverA = uuid();
  const serverB = uuid();
  let db: IsolatedDatabase;
  let owner: SqlDatabaseAdapter;

  beforeAll(async () => {
    db = await createIsolatedDatabase(url as string);
    owner = new SqlDatabaseAdapter(uuid(), {
      driver: db.owner,
      ownsDriver: false,
      logger: silentSqlLogger,
      migrations: { migrateOnInit: false },
    });
  });
  afterAll(async () => {
    await owner?.close();
    await db?.cleanup();
  });

  it('installs, registers, assigns and uninstalls through the owner adapter', async () => {
    expect((await installRLSFunctions(owner)).length).toBeGreaterThan(0);
    expect(await installRLSFunctions(owner)).toEqual([]); // already there
    const report = await applyRLSToNewTables(owner, { serverId: serverA });
    expect(report.changes.length).toBeGreaterThan(0);
    expect(await getOrCreateRlsServer(owner, serverA)).toBe(serverA);
    expect(await getOrCreateRlsServer(owner, serverB)).toBe(serverB);
    expect(await findUnisolatedTables(owner)).toEqual([]);

    const a = await db.tenantAdapter(serverA);
    const b = await db.tenantAdapter(serverB);
    await a.createAgent({ id: a.agentId, name: 'moving', bio: ['x'] });
    expect(await b.getAgent(a.agentId)).toBeNull();
    expect(await assignAgentToServer(owner, a.agentId, serverB)).toBe(true);
    expect(await assignAgentToServer(owner, uuid(), serverB)).toBe(false);
    expect((await b.getAgent(a.agentId))?.name).toBe('moving');
    expect(await a.getAgent(a.agentId)).toBeNull();

    // an isolated adapter supplies its own server id; nothing is left to change
    expect((await applyRLSToNewTables(b)).changes).toEqual([]);
    await a.close();
    await b.close();

    expect((await uninstallRLS(owner)).length).toBeGreaterThan(0);
    expect(await uninstallRLS(owner)).toEqual([]);
  });

  it('refuses what it cannot use', async () => {
    const bad = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(isElizaSqlError(err, 'INVALID_INPUT'), String(err)).toBe(true);
    };
    await bad(installRLSFunctions({} as never));
    await bad(db.owner.transaction((tx) => installDataIsolation(tx, { serverId: serverA })));
    await bad(applyRLSToNewTables(owner)); // a plain adapter has no server id to backfill with
  });
});
