import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createPgDriver } from '@eliza-sql/adapter-pg';
import { createTestDatabase, testPostgresUrl } from '@eliza-sql/test-support';
import { integer, pgSchema, vector } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { createMigrator } from '../src/index.js';
import * as features from './fixtures/feature-schema.js';
import { backends } from './support/backends.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

for (const backend of backends) {
  describe.runIf(backend.enabled)(`concurrent migrations [${backend.name}]`, () => {
    it('8 concurrent migrators on one empty database: exactly one applies, all succeed', async () => {
      const db = await backend.open();
      try {
        const results = await Promise.all(
          Array.from({ length: 8 }, () => createMigrator(db.executor).migrate('concurrency', features)),
        );
        expect(results.filter((r) => r.applied)).toHaveLength(1);
        expect(results.filter((r) => !r.applied).every((r) => r.statements.length === 0)).toBe(true);
        const [row] = await db.executor.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM migrations._migrations WHERE plugin_name = 'concurrency'`,
        );
        expect(Number(row?.n)).toBe(1);
      } finally {
        await db.close();
      }
    });

    it('different plugins at once on an empty database: journal, schemas and extensions created once, no error', async () => {
      const db = await backend.open();
      try {
        const plugins = Array.from({ length: 4 }, (_, i) => {
          const ns = pgSchema(`conc_plugin_${i}`);
          return {
            name: `@conc/plugin-${i}`,
            schema: {
              ns,
              t: ns.table('items', { id: integer('id').primaryKey(), v: vector('v', { dimensions: 3 }) }),
            },
          };
        });
        const results = await Promise.all(
          [...plugins, ...plugins].map((p) => createMigrator(db.executor).migrate(p.name, p.schema)),
        );
        expect(results.filter((r) => r.applied)).toHaveLength(4);
        const [row] = await db.executor.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM migrations._journal',
        );
        expect(Number(row?.n)).toBe(4);
      } finally {
        await db.close();
      }
    });
  });
}

const url = testPostgresUrl();
describe.runIf(url)('concurrent migrations across processes [postgres]', () => {
  it('4 processes on one empty database: exactly one applies, all succeed', async () => {
    const db = await createTestDatabase(url!, 'eliza_migrator_procs');
    try {
      const outputs = await Promise.all(
        Array.from({ length: 4 }, () =>
          run(
            process.execPath,
            [
              '--conditions=@eliza-sql/source',
              '--import',
              'tsx',
              join(here, 'support/migrate-child.ts'),
              db.url,
            ],
            { cwd: join(here, '..'), timeout: 60_000 },
          ),
        ),
      );
      const results = outputs.map(
        (o) => JSON.parse(o.stdout.trim()) as { applied: boolean; statements: number },
      );
      expect(results.filter((r) => r.applied)).toHaveLength(1);
      expect(results.filter((r) => !r.applied).every((r) => r.statements === 0)).toBe(true);
      const driver = await createPgDriver({ url: db.url, max: 1 });
      try {
        const [row] = await driver.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM migrations._migrations',
        );
        expect(Number(row?.n)).toBe(1);
      } finally {
        await driver.close();
      }
    } finally {
      await db.drop();
    }
  });
});
