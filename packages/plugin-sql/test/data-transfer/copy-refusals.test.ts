/**
 * copyDatabase protects a target that holds other data for the source's agents, resumes a copy
 * killed with SIGKILL halfway without duplicates, on both backends as target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createTestBackends, spawnSourceScript } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabaseLocation } from '../../src/cli/open-database-location.js';
import { copyDatabase } from '../../src/data-transfer/copy-database.js';
import { migrateCoreSchema } from '../../src/data-transfer/migrate-core-schema.js';
import { ElizaSqlError } from '../../src/errors.js';
import { addSyntheticRows, seedAgent } from './fill-database.js';
import { tableCounts } from './table-digests.js';

/** Fresh empty databases (no schema: the copy migrates them), as locations the CLI takes. */
const backends = createTestBackends({ pgliteStorage: 'disk', databasePrefix: 'eliza_copy_refusal' });

for (const backend of backends) {
  describe(`copyDatabase into ${backend.name}: refusals and resume`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'eliza-copy-src-'));
    const sourceDir = join(dir, 'source');
    let agentId: string;
    const opened: DatabaseDriver[] = [];
    const openTarget = async () => {
      const location = await backend.open();
      const url = 'dataDir' in location ? location.dataDir : location.postgresUrl;
      const driver = await openDatabaseLocation(url);
      opened.push(driver);
      return { url, driver };
    };

    beforeAll(async () => {
      const source = await createPgliteDriver({ dataDir: sourceDir });
      await migrateCoreSchema(source);
      agentId = await seedAgent(source, 'Resumer');
      await addSyntheticRows(source, agentId as never, 'Resumer', 3_000, 0);
      await source.close();
    }, 120_000);

    afterAll(async () => {
      for (const driver of opened) await driver.close();
      await backend.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a copy killed with SIGKILL halfway, run again, ends with the source rows and no duplicates', async () => {
      const { url, driver: target } = await openTarget();
      await target.close(); // the child opens it (a PGlite directory takes one process at a time)
      const child = spawnSourceScript(new URL('./copy-child.ts', import.meta.url), [sourceDir, url]);
      await child.waitFor(/^copy memories [1-9]\d{3}$/, 90_000);
      child.process.kill('SIGKILL');
      expect((await child.exited).signal).toBe('SIGKILL');
      expect(child.lines()).not.toContain('done');

      const source = await createPgliteDriver({ dataDir: sourceDir });
      opened.push(source);
      const again = await openDatabaseLocation(url);
      opened.push(again);
      const partial = (await tableCounts(again)).memories ?? 0;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(3_000);
      const result = await copyDatabase({ from: source, to: again });
      const expected = await tableCounts(source);
      expect(await tableCounts(again)).toEqual(expected);
      expect(result.inserted).toBeLessThan(Object.values(expected).reduce((a, b) => a + b, 0));
      const [dupes] = await again.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT id FROM memories GROUP BY id HAVING count(*) > 1) d',
      );
      expect(Number(dupes?.n)).toBe(0);
      await source.close();
    }, 180_000);

    it('refuses a target holding a different agent under the same id, unless merge', async () => {
      const { driver: target } = await openTarget();
      await migrateCoreSchema(target);
      await target.query(`INSERT INTO agents (id, name) VALUES ('${agentId}', 'Someone else')`);
      const source = await createPgliteDriver({ dataDir: sourceDir });
      opened.push(source);
      const refusal = await copyDatabase({ from: source, to: target }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(ElizaSqlError);
      expect(refusal).toMatchObject({ code: 'TARGET_HOLDS_OTHER_DATA' });
      expect((refusal as Error).message).toContain(agentId);
      expect((await tableCounts(target)).memories).toBe(0);

      const merged = await copyDatabase({ from: source, to: target, merge: true });
      expect((await target.query(`SELECT name FROM agents WHERE id = '${agentId}'`))[0]?.name).toBe(
        'Someone else',
      );
      const agents = merged.tables.find((t) => t.table === 'agents');
      expect(agents).toMatchObject({ sourceRows: 1, matchingRows: 0 });
      expect(merged.tables.find((t) => t.table === 'memories')).toMatchObject({
        sourceRows: 3_000,
        matchingRows: 3_000,
      });
      await source.close();
    }, 120_000);

    it('refuses a target where the same agent has rows the source lacks, unless merge', async () => {
      const { driver: target } = await openTarget();
      const source = await createPgliteDriver({ dataDir: sourceDir });
      opened.push(source);
      await copyDatabase({ from: source, to: target });
      await target.query(
        `INSERT INTO memories (id, type, content, agent_id) VALUES (gen_random_uuid(), 'messages', '{"text":"new"}', '${agentId}')`,
      );
      await expect(copyDatabase({ from: source, to: target })).rejects.toMatchObject({
        code: 'TARGET_HOLDS_OTHER_DATA',
        message: expect.stringContaining('1 more memories row'),
      });
      const merged = await copyDatabase({ from: source, to: target, merge: true });
      expect(merged.inserted).toBe(0);
      expect((await tableCounts(target)).memories).toBe(3_001);
      await source.close();
    }, 120_000);
  });
}
