import { createPgDriver } from '@eliza-sql/adapter-pg';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import { SCHEMA_IMPROVEMENTS, schema as coreSchema } from '@eliza-sql/core-schema';
import { createReferenceDatabase, createTestBackends } from '@eliza-sql/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { createMigrator, type MigrationExecutor } from '../src/index.js';
import { AGENT_ID, fillReferenceDatabase, reference, referencePlugin } from './support/reference-database.js';

const CORE = '@elizaos/plugin-sql';
const TABLES = ['agents', 'entities', 'worlds', 'rooms', 'memories', 'embeddings', 'logs', 'cache'];

async function counts(executor: MigrationExecutor): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [row] = await executor.query<{ n: number }>(`SELECT count(*)::int AS n FROM public."${t}"`);
    out[t] = Number(row?.n);
  }
  return out;
}

async function upgradeScenario(executor: MigrationExecutor) {
  const migrator = createMigrator(executor);
  const before = await counts(executor);
  expect(Object.values(before).every((n) => n > 0)).toBe(true);
  const statusBefore = await migrator.status(CORE);
  expect(statusBefore.hasRun).toBe(true);

  // The reference's own schema on its own database: nothing to do (duplicate FKs like fk_agent kept).
  const own = await migrator.plan(CORE, referencePlugin.schema);
  expect(own.statements.map((s) => s.sql)).toEqual([]);

  // Our core schema: only additive statements (indexes, the logs primary key, nullable columns, and the
  // tables the reference lacks with their own constraints), nothing re-created.
  const plan = await migrator.plan(CORE, coreSchema);
  const newTables = SCHEMA_IMPROVEMENTS.filter((it) => it.kind === 'table').map((it) => it.table);
  const tableOf = ({ statement }: (typeof plan.statements)[number]) =>
    statement.kind === 'create_table'
      ? statement.table.name
      : 'table' in statement
        ? statement.table
        : undefined;
  const onNewTable = (s: (typeof plan.statements)[number]) => newTables.includes(tableOf(s) ?? '');
  const kinds = new Set(plan.statements.filter((s) => !onNewTable(s)).map((s) => s.kind));
  expect([...kinds].filter((k) => !['create_index', 'add_primary_key', 'add_column'].includes(k))).toEqual(
    [],
  );
  expect(plan.statements.filter((s) => s.kind === 'create_table').map(tableOf)).toEqual(newTables);
  for (const s of plan.statements.filter((it) => it.kind === 'add_column')) {
    expect(s.sql).not.toMatch(/NOT NULL|DEFAULT/);
  }
  expect(plan.hasDataLoss).toBe(false);
  const result = await migrator.migrate(CORE, coreSchema);
  expect(result.applied).toBe(true);
  expect(result.statements.length).toBe(plan.statements.length);

  expect(await counts(executor)).toEqual(before);
  const [memory] = await executor.query<{ text: string }>(
    `SELECT content->>'text' AS text FROM public.memories`,
  );
  expect(memory?.text).toBe('hello from 1.7.2');
  const [agent] = await executor.query<{ name: string }>(`SELECT name FROM public.agents`);
  expect(agent?.name).toBe('Ref Agent');

  const again = await migrator.migrate(CORE, coreSchema);
  expect(again).toMatchObject({ applied: false, statements: [] });
  const status = await migrator.status(CORE);
  expect(status.journal?.entries.length).toBe((statusBefore.journal?.entries.length ?? 0) + 1);
  expect(status.snapshots).toBe(statusBefore.snapshots + 1);
  const [fk] = await executor.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_constraint WHERE conname IN ('fk_agent', 'fk_room', 'fk_user')`,
  );
  expect(Number(fk?.n)).toBe(3);
}

const locations = createTestBackends({ pgliteStorage: 'disk', databasePrefix: 'eliza_migrator_ref' });

for (const backend of locations) {
  describe(`upgrade from @elizaos/plugin-sql@1.7.2 [${backend.name}]`, () => {
    afterAll(() => backend.cleanup());

    it('continues a filled reference database: nothing re-created, every row intact', async () => {
      const location = await backend.open();
      await createReferenceDatabase({ reference, location, agentId: AGENT_ID, fill: fillReferenceDatabase });
      const driver =
        'dataDir' in location
          ? await createPgliteDriver({ dataDir: location.dataDir })
          : await createPgDriver({ url: location.postgresUrl, max: 2 });
      try {
        await upgradeScenario(driver);
      } finally {
        await driver.close();
      }
    });
  });
}
