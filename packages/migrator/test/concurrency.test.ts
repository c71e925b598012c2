import { fileURLToPath } from 'node:url';
import { spawnSourceScript } from '@eliza-sql/test-support';
import { integer, pgSchema, vector } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createMigrator } from '../src/index.js';
import * as features from './fixtures/feature-schema.js';
import { backends } from './support/backends.js';

for (const backend of backends) {
  describe(`concurrent migrations [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());
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

for (const backend of backends.filter((b) => b.name === 'postgres')) {
  describe(`concurrent migrations across processes [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('4 processes on one empty database: exactly one applies, all succeed', async () => {
      const db = await backend.open();
      const children = Array.from({ length: 4 }, () =>
        spawnSourceScript(
          new URL('./support/migrate-child.ts', import.meta.url),
          [db.url ?? ''],
          {},
          {
            cwd: fileURLToPath(new URL('..', import.meta.url)),
            timeoutMs: 60_000,
          },
        ),
      );
      await Promise.all(children.map((child) => child.exited));
      const results = children.map(
        (child) => JSON.parse(child.stdout().trim()) as { applied: boolean; statements: number },
      );
      expect(results.filter((r) => r.applied)).toHaveLength(1);
      expect(results.filter((r) => !r.applied).every((r) => r.statements === 0)).toBe(true);
      const [row] = await db.executor.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM migrations._migrations',
      );
      expect(Number(row?.n)).toBe(1);
    });
  });
}
