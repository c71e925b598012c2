/**
 * PGlite under process faults, through the facade: a writer killed with SIGKILL reopens with every
 * committed memory (whole, with its embedding), and a second process on the same data directory gets
 * the typed lock error while the first keeps working.
 */
import { uuid } from '@eliza-sql/test-support';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import type { UUID } from '@elizaos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';
import { type Child, spawnFixture } from './child.js';

const root = mkdtempSync(join(tmpdir(), 'eliza-pglite-faults-'));
const committedIds = (child: Child) =>
  child
    .lines()
    .filter((l) => l.startsWith('committed '))
    .map((l) => l.split(' ')[2] as UUID);

/** Opens the data dir through the facade in this process and returns what is stored. */
async function reopen(dataDir: string) {
  const adapter = new SqlDatabaseAdapter(uuid(), {
    connect: () => createPgliteDriver({ dataDir }),
    logger: silentSqlLogger,
  });
  await adapter.init();
  const driver = await adapter.getDriver();
  const [row] = await driver.query<{ memories: number; whole: number }>(
    `select count(*)::int as memories,
            count(*) filter (where exists (select 1 from embeddings e where e.memory_id = m.id and e.dim_384 is not null))::int as whole
     from memories m`,
  );
  return { adapter, memories: row?.memories ?? -1, whole: row?.whole ?? -1 };
}

describe('PGlite process faults through the facade [pglite]', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // One writer serves both scenarios (each PGlite process start costs seconds of WASM boot + migration).
  it('a second process on the same data dir gets PGLITE_DATA_DIR_LOCKED while the first keeps writing; after SIGKILL mid-write every committed memory is there, whole', async () => {
    const dataDir = join(root, 'agent');
    const first = spawnFixture('agent-process.ts', ['write', dataDir]);
    await first.waitFor(/^committed 5 /, 60_000);

    const second = spawnFixture('agent-process.ts', ['open', dataDir]);
    const line = await second.waitFor(/^(error|ready)/, 60_000);
    expect(line).toMatch(/^error PGLITE_DATA_DIR_LOCKED /);
    expect(line).toContain(`pid ${first.process.pid}`);
    expect((await second.exited).code).toBe(3);

    // The first is unaffected: it keeps committing after the refused open.
    const seen = committedIds(first).length;
    await first.waitFor(new RegExp(`^committed ${seen + 10} `), 60_000);

    first.process.kill('SIGKILL'); // mid-write: it writes in a tight loop
    expect((await first.exited).signal).toBe('SIGKILL');
    const committed = committedIds(first);
    expect(committed.length).toBeGreaterThanOrEqual(seen + 10);

    const { adapter, memories, whole } = await reopen(dataDir); // takes the dead writer's stale lock over
    try {
      const found = await adapter.getMemoriesByIds(committed, 'messages');
      expect(found.map((m) => m.id).sort()).toEqual([...committed].sort());
      for (const memory of found) expect(memory.embedding?.length).toBe(384);
      // At most the one write in flight at the kill may be there too, and whole if it is.
      expect(memories - committed.length).toBeGreaterThanOrEqual(0);
      expect(memories - committed.length).toBeLessThanOrEqual(1);
      expect(whole).toBe(memories);
      // And it keeps working.
      await adapter.createAgent({ id: adapter.agentId, name: 'reopened', bio: ['x'] });
      const worldId = await adapter.createWorld({
        id: uuid(),
        name: 'after',
        agentId: adapter.agentId,
        messageServerId: uuid(),
      });
      expect((await adapter.getWorld(worldId))?.name).toBe('after');
    } finally {
      await adapter.close();
    }
  });
});
