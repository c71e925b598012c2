/**
 * `eliza-sql copy`, `export` and `import` as a user runs them: exit codes, what they print, and the
 * refusals (a target holding other data, a PGlite directory in use, an existing agent), into each backend.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import { createTestBackends, spawnSourceScript } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/cli-command.js';
import { openDatabaseLocation } from '../../src/cli/open-database-location.js';
import { runCli } from '../../src/cli/run-cli.js';
import { migrateCoreSchema } from '../../src/data-transfer/migrate-core-schema.js';
import { addSyntheticRows, seedAgent } from '../data-transfer/fill-database.js';
import { captureIo } from '../support/capture-io.js';

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.outLines.join('\n'), err: io.errLines.join('\n') };
}

const backends = createTestBackends({ pgliteStorage: 'disk', databasePrefix: 'eliza_cli_data' });
const dir = mkdtempSync(join(tmpdir(), 'eliza-cli-data-'));
const sourceDir = join(dir, 'source');
let agentId: string;

beforeAll(async () => {
  const source = await createPgliteDriver({ dataDir: sourceDir });
  await migrateCoreSchema(source);
  agentId = await seedAgent(source, 'Commander');
  await addSyntheticRows(source, agentId as never, 'Commander', 500, 50);
  await source.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('eliza-sql copy / export / import: arguments', () => {
  it('lists the commands, and refuses a missing source directory or an existing archive (exit 64)', async () => {
    expect((await cli('--help')).out).toMatch(/copy\s+.*\n\s*export\s+.*\n\s*import\s+/);
    const missing = await cli('copy', '--from', join(dir, 'nowhere'), '--to', join(dir, 'x'));
    expect(missing.code).toBe(EXIT_CODES.usage);
    expect(missing.err).toContain('no PGlite data directory');
    const exists = await cli('export', '--db', sourceDir, '--agent', 'Commander', '--out', sourceDir);
    expect(exists.code).toBe(EXIT_CODES.usage);
    expect(exists.err).toContain('already exists');
  });

  it('refuses (exit 2) a source directory a running agent holds, saying to stop it', async () => {
    const holder = spawnSourceScript(new URL('./hold-pglite-child.ts', import.meta.url), [sourceDir]);
    try {
      await holder.waitFor(/^ready$/);
      const result = await cli('copy', '--from', sourceDir, '--to', join(dir, 'never'));
      expect(result.code).toBe(EXIT_CODES.refused);
      expect(result.err).toMatch(/in use by a running agent.*Stop that agent/s);
      expect(result.err).toContain(String(holder.process.pid));
    } finally {
      holder.process.kill('SIGKILL');
      await holder.exited;
    }
  }, 60_000);

  it('exports an unknown agent as an error naming it (exit 1)', async () => {
    const result = await cli(
      'export',
      '--db',
      sourceDir,
      '--agent',
      'Nobody',
      '--out',
      join(dir, 'n.ndjson.gz'),
    );
    expect(result.code).toBe(EXIT_CODES.error);
    expect(result.err).toContain('AGENT_NOT_FOUND');
    expect(existsSync(join(dir, 'n.ndjson.gz'))).toBe(false);
  });
});

for (const backend of backends) {
  describe(`eliza-sql copy / export / import into ${backend.name}`, () => {
    const locationOf = async () => {
      const location = await backend.open();
      return 'dataDir' in location ? location.dataDir : location.postgresUrl;
    };
    afterAll(() => backend.cleanup());

    it('copies, verifies and prints every table; a rerun copies nothing', async () => {
      const target = await locationOf();
      const first = await cli('copy', '--from', sourceDir, '--to', target);
      expect(first.err).not.toContain('ERROR');
      expect(first.code).toBe(EXIT_CODES.ok);
      expect(first.out).toMatch(/^memories\s+500\s+500\s+[0-9a-f]{32}$/m);
      expect(first.out).toContain('every table verified');
      expect(first.err).toMatch(/copy memories: /);
      const again = await cli('copy', '--from', sourceDir, '--to', target);
      expect(again.code).toBe(EXIT_CODES.ok);
      expect(again.out).toContain('copied 0 row(s); every table verified');
    }, 120_000);

    it('refuses (exit 2) a target with other data for the agent; --merge copies', async () => {
      const target = await locationOf();
      const driver = await openDatabaseLocation(target);
      await migrateCoreSchema(driver);
      await driver.query(`INSERT INTO agents (id, name) VALUES ('${agentId}', 'Impostor')`);
      await driver.close();
      const refused = await cli('copy', '--from', sourceDir, '--to', target);
      expect(refused.code).toBe(EXIT_CODES.refused);
      expect(refused.err).toContain('TARGET_HOLDS_OTHER_DATA');
      expect(refused.err).toContain('--merge');
      const merged = await cli('copy', '--from', sourceDir, '--to', target, '--merge');
      expect(merged.code).toBe(EXIT_CODES.ok);
      expect(merged.out).toContain('1 table(s) differ');
    }, 120_000);

    it('exports an agent to a file and imports it; again is refused (exit 2), --as-agent coexists', async () => {
      const archive = join(dir, `commander-${backend.name}.ndjson.gz`);
      const exported = await cli(
        'export',
        '--db',
        sourceDir,
        '--agent',
        'Commander',
        '--out',
        archive,
        '--include-messaging',
      );
      expect(exported.code).toBe(EXIT_CODES.ok);
      expect(exported.out).toMatch(/memories\s+500/);
      const target = await locationOf();
      const imported = await cli('import', '--db', target, '--in', archive);
      expect(imported.code).toBe(EXIT_CODES.ok);
      expect(imported.out).toMatch(/memories\s+500/);
      const again = await cli('import', '--db', target, '--in', archive);
      expect(again.code).toBe(EXIT_CODES.refused);
      expect(again.err).toContain('--as-agent');
      const twin = 'a4d1e2f3-0b1c-4d5e-8f90-123456789abc';
      const asAgent = await cli('import', '--db', target, '--in', archive, '--as-agent', twin);
      expect(asAgent.code).toBe(EXIT_CODES.ok);
      const driver = await openDatabaseLocation(target);
      const counts = await driver.query<{ agent_id: string; n: number }>(
        'SELECT agent_id::text, count(*)::int AS n FROM memories GROUP BY agent_id ORDER BY n, agent_id',
      );
      await driver.close();
      expect(counts.map((c) => Number(c.n))).toEqual([500, 500]);
      expect(counts.map((c) => c.agent_id).sort()).toEqual([agentId, twin].sort());
    }, 120_000);
  });
}
