import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReferenceDatabase } from '@eliza-sql/test-support';
import * as referencePackage from '@elizaos/plugin-sql';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgliteDriver, createPgliteInstanceRegistry } from '../src/index.js';

/** The reference adapter's methods the test writes with (its published types do not resolve under NodeNext). */
interface ReferenceAdapter {
  createAgent(agent: Record<string, unknown>): Promise<boolean>;
  createEntities(entities: Record<string, unknown>[]): Promise<boolean>;
}

const root = mkdtempSync(join(tmpdir(), 'eliza-pglite-reference-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a data dir written by @elizaos/plugin-sql 1.7.2 [pglite]', () => {
  it('opens with every row present', async () => {
    const dataDir = join(root, 'elizadb');
    const agentId = '00000000-0000-4000-8000-00000000a9e1';
    const entityIds = ['00000000-0000-4000-8000-0000000000e1', '00000000-0000-4000-8000-0000000000e2'];

    await createReferenceDatabase({
      reference: referencePackage,
      location: { dataDir },
      agentId,
      async fill(reference: ReferenceAdapter) {
        expect(
          await reference.createAgent({ id: agentId, name: 'Reference Agent', bio: ['written by 1.7.2'] }),
        ).toBe(true);
        expect(
          await reference.createEntities(
            entityIds.map((id, i) => ({ id, agentId, names: [`entity ${i}`], metadata: { index: i } })),
          ),
        ).toBe(true);
      },
    });

    const driver = await createPgliteDriver({ dataDir, registry: createPgliteInstanceRegistry() });
    const agents = await driver.query<{ id: string; name: string; bio: unknown; created_at: unknown }>(
      'select id, name, bio, created_at from agents',
    );
    expect(agents).toHaveLength(1);
    expect(agents[0]).toMatchObject({ id: agentId, name: 'Reference Agent', bio: ['written by 1.7.2'] });
    expect(agents[0]?.created_at).toBeInstanceOf(Date);
    const entities = await driver.query<{ id: string; names: string[]; metadata: unknown }>(
      "select id, names, metadata from entities order by metadata->>'index'",
    );
    expect(entities).toEqual([
      { id: entityIds[0], names: ['entity 0'], metadata: { index: 0 } },
      { id: entityIds[1], names: ['entity 1'], metadata: { index: 1 } },
    ]);
    await driver.close();
  });
});
