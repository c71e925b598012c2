import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDriverContract } from '@eliza-sql/core-schema/driver/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDriver, createPgliteInstanceRegistry } from '../src/index.js';

const vitest = { afterAll, beforeAll, describe, expect, it };

describeDriverContract(
  {
    name: 'pglite',
    backend: 'pglite',
    async setup() {
      const registry = createPgliteInstanceRegistry();
      const dataDir = `memory://contract-${Math.random().toString(36).slice(2)}`;
      // initdb here, the bundled cluster seed (the default) in the directory variant below: the whole
      // contract holds for both ways a new database comes to be.
      return {
        open: () => createPgliteDriver({ dataDir, registry, bootstrap: 'initdb' }),
        teardown: async () => {},
      };
    },
  },
  vitest,
);

describeDriverContract(
  {
    name: 'pglite',
    backend: 'pglite',
    async setup() {
      const registry = createPgliteInstanceRegistry();
      const root = mkdtempSync(join(tmpdir(), 'eliza-pglite-contract-'));
      const dataDir = join(root, 'data');
      return {
        open: () => createPgliteDriver({ dataDir, registry }),
        teardown: async () => rmSync(root, { recursive: true, force: true }),
      };
    },
  },
  vitest,
);
