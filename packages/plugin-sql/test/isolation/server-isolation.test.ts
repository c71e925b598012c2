/**
 * Two servers' adapters on one database, each connected as its own NON-superuser login role: every
 * public read, update and delete method of server B, given server A's ids, sees nothing and changes
 * nothing.
 */
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import type { UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDatabaseAdapter } from '../../src/index.js';
import { axisVector } from '../support/fixtures.js';
import {
  createTwoServers,
  expectRlsRefusal,
  type IsolatedDatabase,
  type SeededServer,
  snapshotServerRows,
} from './isolation-fixture.js';
import { walkOtherServer } from './walk-other-server.js';

const url = testPostgresUrl();

describe.runIf(url)('data isolation by server [postgres]', () => {
  const serverA = uuid();
  const serverB = uuid();
  let db: IsolatedDatabase;
  let rawB: DatabaseDriver;
  let a: SqlDatabaseAdapter;
  let b: SqlDatabaseAdapter;
  let seedA: SeededServer;
  let seedB: SeededServer;

  beforeAll(async () => {
    ({ db, a, b, seedA, seedB } = await createTwoServers(url as string, serverA, serverB));
    rawB = await b.getDriver();
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it('stamps every row with the server of the call that wrote it', async () => {
    const rows = await db.owner.query<{ server_id: string; n: number }>(
      `SELECT server_id::text, count(*)::int AS n FROM (
         SELECT server_id FROM agents UNION ALL SELECT server_id FROM memories
         UNION ALL SELECT server_id FROM central_messages UNION ALL SELECT server_id FROM embeddings) t
       GROUP BY server_id ORDER BY server_id`,
    );
    expect(rows.map((r) => r.server_id).sort()).toEqual([serverA, serverB].sort());
    expect(rows.every((r) => r.n === 4)).toBe(true);
  });

  it('each server sees its own rows', async () => {
    expect((await a.getAgents()).map((x) => x.id)).toEqual([seedA.agentId]);
    expect(await b.countAgents()).toBe(1);
    expect((await a.getMemoryById(seedA.memoryId))?.content.text).toBe('memory-a');
    expect((await a.getMessageServerByRlsServerId(serverA))?.id).toBe(seedA.messageServerId);
    expect((await b.getMessageById(seedB.messageId))?.content).toBe('message-b');
    const [hit] = await b.searchMemories({ tableName: 'messages', embedding: axisVector(384, 3), count: 5 });
    expect(hit?.id).toBe(seedB.memoryId);
  });

  it('raw SQL on the adapter’s connection sees only its own server’s rows, and no entity context lingers', async () => {
    const rows = await rawB.query<{ e: string | null }>(`SELECT current_setting('app.entity_id', true) AS e`);
    expect(rows[0]?.e ?? '').toBe('');
    expect(await rawB.query('SELECT id FROM memories')).toEqual([{ id: seedB.memoryId }]);
  });

  it('a row cannot be moved to, or written for, another server', async () => {
    await expectRlsRefusal(
      b.withIsolationContext(null, (tx) =>
        tx.query(`UPDATE memories SET server_id = '${serverA}' WHERE id = '${seedB.memoryId}'`),
      ),
    );
    await expectRlsRefusal(
      b.withIsolationContext(null, (tx) =>
        tx.query(
          `INSERT INTO cache (key, agent_id, value, server_id) VALUES ('x', '${seedB.agentId}', '{}', '${serverA}')`,
        ),
      ),
    );
    expect((await a.getMemoryById(seedA.memoryId))?.content.text).toBe('memory-a');
    expect(await b.getMemoryById(seedB.memoryId as UUID)).not.toBeNull();
  });

  it('server B reading, updating or deleting with server A ids sees nothing and changes nothing', async () => {
    const before = await snapshotServerRows(db.owner, serverA);
    expect(Object.keys(before).length).toBe(19); // every isolated table, and A's role mapping
    for (const [table, rows] of Object.entries(before)) expect(rows, table).not.toMatch(/^0:/);
    expect(await b.getMessageServerByRlsServerId(serverA)).toBeNull();
    const walked = await walkOtherServer(b, seedA, seedB);
    expect(walked.length).toBeGreaterThanOrEqual(70);
    expect(await snapshotServerRows(db.owner, serverA)).toEqual(before);
    // and A still reads all of it through its adapter
    expect((await a.getMemoryById(seedA.memoryId))?.content.text).toBe('memory-a');
    expect(await a.getTask(seedA.taskId)).not.toBeNull();
    expect(await a.getCache(seedA.cacheKey)).toEqual({ label: 'a' });
  });
});
