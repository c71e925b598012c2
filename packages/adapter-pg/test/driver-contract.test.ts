import { createTestDatabase, testPostgresUrl } from '@eliza-sql/test-support';
import { describeDriverContract } from '@eliza-sql/core-schema/driver/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDriver, createPgPoolRegistry } from '../src/index.js';

const url = testPostgresUrl();

describe.runIf(url)('adapter-pg', () => {
  describeDriverContract(
    {
      name: 'postgres',
      backend: 'postgres',
      async setup() {
        const database = await createTestDatabase(url!, 'eliza_pg_contract');
        const registries = [createPgPoolRegistry({ shutdownHooks: false })];
        return {
          open: async (options) => {
            if (options?.separatePool) registries.push(createPgPoolRegistry({ shutdownHooks: false }));
            return createPgDriver({ url: database.url, max: 4, registry: registries.at(-1) });
          },
          teardown: () => database.drop(),
        };
      },
    },
    { afterAll, beforeAll, describe, expect, it },
  );
});
