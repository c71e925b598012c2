/**
 * `eliza-sql prune`, `backup` and `restore` end to end through `runCli`, on a database an adapter
 * filled and closed (a stopped agent), as a user runs them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestBackends, type TestDatabaseLocation, uuid } from '@eliza-sql/test-support';
import type { UUID } from '@elizaos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/cli-command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { createDatabaseAdapter, type SqlDatabaseAdapter } from '../../src/index.js';
import { captureIo } from '../support/capture-io.js';

const backends = createTestBackends<TestDatabaseLocation>({
  databasePrefix: 'eliza_cli_lifecycle',
  pgliteStorage: 'disk',
  connect: async (location) => location,
});
const root = mkdtempSync(join(tmpdir(), 'eliza-sql-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function where(location: TestDatabaseLocation): string {
  return 'dataDir' in location ? location.dataDir : location.postgresUrl;
}

function open(location: TestDatabaseLocation, agentId: UUID): SqlDatabaseAdapter {
  return createDatabaseAdapter(
    'dataDir' in location ? { dataDir: location.dataDir } : { postgresUrl: location.postgresUrl },
    agentId,
  ) as SqlDatabaseAdapter;
}

/** An agent named `name` with 5 messages in one room, a minute apart; the adapter is closed after. */
async function seedStoppedAgent(location: TestDatabaseLocation, name: string) {
  const agentId = uuid();
  const roomId = uuid();
  const adapter = open(location, agentId);
  await adapter.init();
  await adapter.createAgent({ id: agentId, name });
  await adapter.createEntities([{ id: agentId, agentId, names: [name], metadata: {} }]);
  await adapter.createRooms([{ id: roomId, agentId, source: 'cli', type: 'GROUP' as never }]);
  const start = Date.now() - 3_600_000;
  const ids: UUID[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push(
      await adapter.createMemory(
        { entityId: agentId, agentId, roomId, content: { text: `m${i}` }, createdAt: start + i * 60_000 },
        'messages',
      ),
    );
  }
  await adapter.close();
  return { agentId, roomId, ids };
}

async function messageIds(location: TestDatabaseLocation, agentId: UUID, roomId: UUID): Promise<string[]> {
  const adapter = open(location, agentId);
  await adapter.init();
  const memories = await adapter.getMemories({ roomId, tableName: 'messages', count: 100 });
  await adapter.close();
  return memories.map((m) => m.id as string).sort();
}

for (const backend of backends) {
  describe(`eliza-sql prune [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('keeps the newest --max-per-room of the agent named by --agent, prints what it removed, exits 0', async () => {
      const location = await backend.open();
      const { agentId, roomId, ids } = await seedStoppedAgent(location, `Cli Agent ${backend.name}`);
      const other = await seedStoppedAgent(location, 'Bystander');
      const io = captureIo();
      const code = await runCli(
        [
          'prune',
          '--db',
          where(location),
          '--agent',
          `Cli Agent ${backend.name}`,
          '--max-per-room',
          '2',
          '--batch-size',
          '1',
        ],
        io,
      );
      expect(io.errLines.join('\n')).toContain('prune: removed 3 rows');
      expect(code).toBe(EXIT_CODES.ok);
      expect(io.outLines).toEqual(['messages\t3']);
      expect(await messageIds(location, agentId, roomId)).toEqual(ids.slice(3).sort());
      expect(await messageIds(location, other.agentId, other.roomId)).toEqual([...other.ids].sort());
    });

    it.each([
      [['prune', '--agent', 'x', '--max-per-room', '1'], '--db'],
      [['prune', '--db', '@db', '--agent', 'x'], 'nothing to prune'],
      [['prune', '--db', '@db', '--agent', 'x', '--max-age-days', '0'], '--max-age-days 0'],
      [['prune', '--db', '@db', '--agent', 'nobody', '--expired-cache'], 'no such agent'],
    ])('exits 64 with a message for %j', async (argv, message) => {
      const location = await backend.open();
      await seedStoppedAgent(location, 'someone');
      const io = captureIo();
      expect(
        await runCli(
          argv.map((a) => (a === '@db' ? where(location) : a)),
          io,
        ),
      ).toBe(EXIT_CODES.usage);
      expect(io.errLines.join('\n')).toContain(message);
    });
  });
}

describe('eliza-sql backup and restore [pglite]', () => {
  const pglite = backends.find((b) => b.name === 'pglite');
  afterAll(() => pglite?.cleanup());

  it('backs up a stopped directory, restores it into a new one that opens with the same rows, refuses what would overwrite or race', async () => {
    const location = (await pglite?.open()) as TestDatabaseLocation & { dataDir: string };
    const { agentId, roomId, ids } = await seedStoppedAgent(location, 'Backed Up');
    const archive = join(root, 'agent.tar.gz');
    const restoredDir = join(root, 'restored');

    let io = captureIo();
    expect(await runCli(['backup', '--db', location.dataDir, '--out', archive], io)).toBe(EXIT_CODES.ok);
    expect(io.outLines).toEqual([archive]);
    io = captureIo();
    expect(await runCli(['restore', '--from', archive, '--db', restoredDir], io)).toBe(EXIT_CODES.ok);
    expect(await messageIds({ dataDir: restoredDir }, agentId, roomId)).toEqual([...ids].sort());

    io = captureIo();
    expect(await runCli(['restore', '--from', archive, '--db', restoredDir], io)).toBe(EXIT_CODES.refused);
    expect(io.errLines.join('\n')).toContain('PGLITE_DATA_DIR_NOT_EMPTY');
    io = captureIo();
    expect(await runCli(['backup', '--db', location.dataDir, '--out', archive], io)).toBe(EXIT_CODES.error);
    expect(io.errLines.join('\n')).toContain('overwrite');

    // Another live process holds the directory (its lock file names it): refused, with what to do.
    writeFileSync(
      `${location.dataDir}.lock`,
      JSON.stringify({ pid: process.ppid, hostname: hostname(), startedAt: new Date().toISOString() }),
    );
    try {
      io = captureIo();
      expect(await runCli(['backup', '--db', location.dataDir, '--out', join(root, 'b.tar.gz')], io)).toBe(
        EXIT_CODES.refused,
      );
      expect(io.errLines.join('\n')).toContain('PGLITE_DATA_DIR_LOCKED');
      expect(io.errLines.join('\n')).toContain('backupPglite');
      io = captureIo();
      expect(
        await runCli(['prune', '--db', location.dataDir, '--agent', agentId, '--expired-cache'], io),
      ).toBe(EXIT_CODES.refused);
    } finally {
      rmSync(`${location.dataDir}.lock`, { force: true });
    }

    io = captureIo();
    expect(
      await runCli(['backup', '--db', 'postgres://localhost/x', '--out', join(root, 'c.tar.gz')], io),
    ).toBe(EXIT_CODES.usage);
    expect(io.errLines.join('\n')).toContain('pg_dump');
  });
});
