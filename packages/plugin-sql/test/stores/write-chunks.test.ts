import { uuid } from '@eliza-sql/test-support';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import type { Entity, UUID } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkRows } from '../../src/stores/chunk.js';
import { createEntities } from '../../src/stores/entity-store.js';
import { pgErrorCode } from '../../src/stores/store-values.js';
import { testBackends } from '../support/backends.js';
import { countingExecutor } from '../support/counting-executor.js';
import { seedAgent } from './store-fixtures.js';

for (const backend of testBackends) {
  describe(`chunked writes: one statement alone, several in one transaction [${backend.name}]`, () => {
    let driver: DatabaseDriver;
    let agentId: UUID;
    const entity = (agent: UUID): Entity => ({ id: uuid(), agentId: agent, names: ['n'], metadata: {} });
    const stored = async (ids: readonly (string | undefined)[]) =>
      (
        await driver.query<{ n: string | number }>(
          `SELECT count(*) AS n FROM entities WHERE id = ANY('{${ids.join(',')}}'::uuid[])`,
        )
      )[0]?.n;

    beforeAll(async () => {
      driver = await backend.open();
      agentId = await seedAgent(driver);
    });
    afterAll(() => backend.cleanup());

    it('one entity is one statement, without a transaction', async () => {
      const { counts, ex } = countingExecutor(driver);
      const one = entity(agentId);
      await expect(createEntities(ex, [one])).resolves.toBe(true);
      expect(counts).toEqual({ statements: 1, transactions: 0 });
      expect(Number(await stored([one.id]))).toBe(1);
    });

    it('a batch runs in one transaction, so an id held by another row undoes the rows before it', async () => {
      const { counts, ex } = countingExecutor(driver);
      const batch = [entity(agentId), entity(agentId)];
      await expect(createEntities(ex, batch)).resolves.toBe(true);
      expect(counts).toEqual({ statements: 0, transactions: 1 });
      expect(Number(await stored(batch.map((e) => e.id)))).toBe(2);
      const other = await seedAgent(driver);
      const taken = { ...entity(other), id: batch[0]?.id as UUID }; // held by agentId's row
      const fresh = entity(other);
      const error = await createEntities(ex, [fresh, taken]).catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('ID_CONFLICT');
      expect(Number(await stored([fresh.id]))).toBe(0);
    });

    it('a batch over several statements is all or nothing: a bad row in the last one keeps none', async () => {
      const size = (chunkRows(Array.from({ length: 100_000 }), 5)[0] ?? []).length;
      const batch = Array.from({ length: size + 10 }, () => entity(agentId));
      batch[batch.length - 1] = entity(uuid()); // unknown agent: foreign key violation
      const { counts, ex } = countingExecutor(driver);
      const error = await createEntities(ex, batch).catch((e: unknown) => e);
      expect(pgErrorCode(error)).toBe('23503');
      expect(counts.transactions).toBe(1);
      expect(Number(await stored(batch.map((e) => e.id)))).toBe(0);
    });
  });
}
