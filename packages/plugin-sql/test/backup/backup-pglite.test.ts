import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedText, uuid } from '@eliza-sql/test-support';
import type { UUID } from '@elizaos/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  backupPglite,
  createDatabaseAdapter,
  isElizaSqlError,
  restorePglite,
  type SqlDatabaseAdapter,
} from '../../src/index.js';
import { testBackends } from '../support/backends.js';

const root = mkdtempSync(join(tmpdir(), 'eliza-sql-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function startAgent(dataDir: string, agentId: UUID): Promise<SqlDatabaseAdapter> {
  const adapter = createDatabaseAdapter({ dataDir }, agentId) as SqlDatabaseAdapter;
  await adapter.init();
  return adapter;
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isElizaSqlError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

describe('backupPglite of a running agent [pglite]', () => {
  it('archives while the agent keeps writing; the restore opens and holds every memory and embedding committed before the backup', async () => {
    const agentId = uuid();
    const adapter = await startAgent(join(root, 'live'), agentId);
    await adapter.createAgent({ id: agentId, name: 'backed up' });
    await adapter.createEntities([{ id: agentId, agentId, names: ['backed up'], metadata: {} }]);
    await adapter.ensureEmbeddingDimension(384);
    const roomId = uuid();
    await adapter.createRooms([{ id: roomId, agentId, source: 'test', type: 'GROUP' as never }]);

    const committed: UUID[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const text = `memory ${i}`;
        committed.push(
          await adapter.createMemory(
            { entityId: agentId, agentId, roomId, content: { text }, embedding: embedText(text) },
            'messages',
          ),
        );
        await new Promise((resolve) => setImmediate(resolve)); // an agent's writes come from I/O
      }
    })();
    while (committed.length < 30) await new Promise((resolve) => setTimeout(resolve, 5));
    const before = [...committed];
    const archive = join(root, 'agent.tar.gz');
    const backup = await backupPglite(adapter, { to: archive });
    const after = committed.length;
    while (committed.length < after + 10) await new Promise((resolve) => setTimeout(resolve, 5));
    stop = true;
    await writer;
    expect(backup.bytes).toBeGreaterThan(0);
    await expectCode(backupPglite(adapter, { to: archive }), 'INVALID_INPUT'); // never overwrites silently

    const restoredDir = join(root, 'restored');
    await restorePglite({ from: archive, dataDir: restoredDir });
    const restored = await startAgent(restoredDir, agentId);
    const memories = await restored.getMemories({ roomId, tableName: 'messages', count: 100_000 });
    const ids = new Set(memories.map((m) => m.id));
    for (const id of before) expect(ids.has(id)).toBe(true);
    expect(memories.length).toBeLessThanOrEqual(after);
    // Whatever is there is whole: each restored memory has its embedding.
    expect(memories.every((m) => Array.isArray(m.embedding) && m.embedding.length === 384)).toBe(true);
    expect(memories.map((m) => m.id).sort()).toEqual(committed.slice(0, memories.length).sort());
    await restored.close();
    await adapter.close();
  }, 180_000); // two PGlite starts, a ~30 MB archive and its restore: slow on a loaded machine

  it('restore refuses a non-empty directory and a missing archive with typed errors, writing nothing', async () => {
    const agentId = uuid();
    const adapter = await startAgent(join(root, 'small'), agentId);
    const archive = join(root, 'small.tar.gz');
    await backupPglite(adapter, { to: archive });
    await adapter.close();
    const full = join(root, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'mine.txt'), 'keep');
    await expectCode(restorePglite({ from: archive, dataDir: full }), 'PGLITE_DATA_DIR_NOT_EMPTY');
    await expectCode(
      restorePglite({ from: join(root, 'nope.tar.gz'), dataDir: join(root, 'x') }),
      'INVALID_INPUT',
    );
    expect(existsSync(join(root, 'x'))).toBe(false);
    await expectCode(
      restorePglite({ from: join(full, 'mine.txt'), dataDir: join(root, 'y') }),
      'INVALID_TAR_ARCHIVE',
    );
    expect(existsSync(join(root, 'y'))).toBe(false);
  });
});

for (const backend of testBackends.filter((b) => b.name !== 'pglite')) {
  describe(`backupPglite [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());
    it('refuses a PostgreSQL database with UNSUPPORTED_BY_BACKEND and writes no file', async () => {
      const driver = await backend.open();
      const to = join(root, 'pg.tar.gz');
      await expectCode(backupPglite(driver, { to }), 'UNSUPPORTED_BY_BACKEND');
      expect(existsSync(to)).toBe(false);
    });
  });
}
