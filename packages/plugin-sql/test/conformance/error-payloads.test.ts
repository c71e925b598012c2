/**
 * Errors without payloads (#14): every failure provoked through a public method comes back as an
 * ElizaSqlError with a stable code, the operation, the SQLSTATE where the database raised it and a
 * short message; neither it nor any error of its cause chain holds Drizzle's "Failed query … params:"
 * text, the statement or a value of the call. The statement is logged at debug only, values redacted.
 */
import { randomBytes } from 'node:crypto';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createDatabasePolicy } from '@eliza-sql/resilience';
import { testPostgresUrl, uuid } from '@eliza-sql/test-support';
import type { UUID } from '@elizaos/core';
import { sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ElizaSqlError,
  entityTable,
  getOrCreateRlsServer,
  installDataIsolation,
  SqlDatabaseAdapter,
  type SqlLogger,
  silentSqlLogger,
  uninstallDataIsolation,
} from '../../src/index.js';
import {
  createIsolatedDatabase,
  type IsolatedDatabase,
  isolatedAdapter,
} from '../isolation/isolation-fixture.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, createAdapterFixture } from '../support/fixtures.js';

/** A marker no statement, identifier or message of ours contains: a value found in an error leaked. */
const secret = (label: string) => `secret-${label}-${randomBytes(6).toString('hex')}`;

/** What a provoked failure must come back as. */
interface Expected {
  readonly code: string;
  readonly operation: string;
  /** The SQLSTATE; a list when either is right (a value refused before the database has none). */
  readonly sqlstate?: string | ReadonlyArray<string | undefined>;
  readonly constraint?: string;
  readonly table?: string;
  /** The call's bound values: none may appear anywhere in the error. */
  readonly values: readonly string[];
}

/** Every error of the chain (`cause`, `AggregateError.errors`), outermost first. */
function chainOf(err: unknown): object[] {
  const out: object[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 20) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || out.includes(e)) continue;
    out.push(e);
    queue.push((e as { cause?: unknown }).cause);
    if (e instanceof AggregateError) queue.push(...e.errors);
  }
  return out;
}

/** Everything an error shows: message, stack, every enumerable property, and the drivers' payload fields. */
function textsOf(e: object): string[] {
  const texts: string[] = [];
  const record = e as Record<string, unknown>;
  for (const key of ['message', 'stack', 'query', 'params', 'parameters', 'statement', 'detail', 'where']) {
    if (record[key] !== undefined)
      texts.push(`${key}=${typeof record[key] === 'string' ? record[key] : JSON.stringify(record[key])}`);
  }
  for (const [key, value] of Object.entries(e)) {
    if (key === 'cause') continue;
    texts.push(`${key}=${typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))}`);
  }
  return texts;
}

const STATEMENT_TEXT = /\binsert into\b|\bselect\b[\s\S]*\bfrom\b|\bupdate\b[\s\S]*\bset\b|\$\d+\b/i;

async function failure(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => new Error(`expected a failure, got ${JSON.stringify(value)?.slice(0, 80)}`),
    (err: unknown) => err,
  );
}

function expectPayloadFree(err: unknown, expected: Expected): void {
  expect(err).toBeInstanceOf(ElizaSqlError);
  const e = err as ElizaSqlError;
  expect({ code: e.code, operation: e.operation }).toEqual({
    code: expected.code,
    operation: expected.operation,
  });
  if (Array.isArray(expected.sqlstate)) expect(expected.sqlstate).toContain(e.sqlstate);
  else expect(e.sqlstate).toBe(expected.sqlstate);
  if (expected.constraint) expect(e.constraint).toBe(expected.constraint);
  if (expected.table) expect(e.table).toBe(expected.table);
  expect(e.message.length).toBeLessThanOrEqual(300);
  for (const link of chainOf(err)) {
    expect(Object.keys(link)).not.toEqual(expect.arrayContaining(['query']));
    for (const shown of textsOf(link)) {
      expect(shown).not.toContain('Failed query');
      expect(shown).not.toContain('params:');
      expect(shown).not.toMatch(STATEMENT_TEXT);
      for (const value of expected.values) expect(shown).not.toContain(value);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const backend of testBackends) {
  describe(`errors without payloads [${backend.name}]`, () => {
    let f: AdapterFixture;
    beforeAll(async () => {
      f = await createAdapterFixture(backend);
    });
    afterAll(() => backend.cleanup());

    // A NUL may be refused by input validation before the database (no SQLSTATE) or by it (22021);
    // the code is the same either way.
    const NUL_REFUSED = ['22021', undefined];

    it('a NUL in searchEntitiesByName, getMemories({ tableName }) and getCachedEmbeddings', async () => {
      const query = `${secret('query')}\u0000`;
      expectPayloadFree(await failure(f.adapter.searchEntitiesByName({ query, agentId: f.agentId })), {
        code: 'UNSTORABLE_VALUE',
        operation: 'searchEntitiesByName',
        sqlstate: NUL_REFUSED,
        values: [query, query.slice(0, -1)],
      });
      const tableName = `${secret('table')}\u0000`;
      expectPayloadFree(await failure(f.adapter.getMemories({ tableName, roomId: f.roomId })), {
        code: 'UNSTORABLE_VALUE',
        operation: 'getMemories',
        sqlstate: NUL_REFUSED,
        values: [tableName.slice(0, -1), f.roomId],
      });
      const input = `${secret('input')}\u0000`;
      const cached = await failure(
        f.adapter.getCachedEmbeddings({
          query_table_name: 'messages',
          query_threshold: 2,
          query_input: input,
          query_field_name: 'content',
          query_field_sub_name: 'text',
          query_match_count: 3,
        }),
      );
      expectPayloadFree(cached, {
        code: 'UNSTORABLE_VALUE',
        operation: 'getCachedEmbeddings',
        sqlstate: NUL_REFUSED,
        values: [input.slice(0, -1)],
      });
    });

    it('a foreign-key failure of createComponent with 210 KB of data names the constraint, not the data', async () => {
      const blob = secret('blob').repeat(210_000 / 20);
      const component = {
        id: uuid(),
        entityId: uuid(), // no such entity
        agentId: f.agentId,
        roomId: f.roomId,
        worldId: f.worldId,
        sourceEntityId: f.agentId,
        type: secret('type'),
        data: { blob },
        createdAt: Date.now(),
      };
      expectPayloadFree(await failure(f.adapter.createComponent(component)), {
        code: 'REFERENCED_ROW_MISSING',
        operation: 'createComponent',
        sqlstate: '23503',
        constraint: 'components_entity_id_entities_id_fk',
        table: 'components',
        values: [blob.slice(0, 40), component.id, component.entityId, component.type],
      });
      // Inside a callback, the adapter call that failed is the operation; the caller's own error is its own.
      const inside = await failure(
        f.adapter.withEntityContext(null, () => f.adapter.createComponent(component)),
      );
      expect(inside).toMatchObject({ code: 'REFERENCED_ROW_MISSING', operation: 'createComponent' });
      const mine = new Error('the caller’s own failure');
      expect(await failure(f.adapter.withEntityContext(null, () => Promise.reject(mine)))).toBe(mine);
    });

    it('a unique violation, a check violation and a timestamp out of range', async () => {
      const name = secret('name');
      const duplicate = await failure(
        f.adapter.withIsolationContext(null, (tx) =>
          tx.db.insert(entityTable).values({ id: f.userId, agentId: f.agentId, names: [name] }),
        ),
      );
      expectPayloadFree(duplicate, {
        code: 'UNIQUE_VIOLATION',
        operation: 'withIsolationContext',
        sqlstate: '23505',
        constraint: 'entities_pkey',
        table: 'entities',
        values: [name, f.userId],
      });
      const text = secret('text');
      const memoryId = uuid();
      const fragment = await failure(
        f.adapter.createMemory(
          {
            id: memoryId,
            entityId: f.userId,
            agentId: f.agentId,
            roomId: f.roomId,
            content: { text },
            metadata: { type: 'fragment' }, // a fragment needs documentId and position
          },
          'messages',
        ),
      );
      expectPayloadFree(fragment, {
        code: 'CONSTRAINT_VIOLATION',
        operation: 'createMemory',
        sqlstate: '23514',
        constraint: 'fragment_metadata_check',
        table: 'memories',
        values: [text, memoryId],
      });
      const when = '300000-01-01 00:00:00+00';
      const outOfRange = await failure(
        f.adapter.withIsolationContext(null, (tx) => tx.query(sql`SELECT ${when}::timestamptz AS t`)),
      );
      expectPayloadFree(outOfRange, {
        code: 'UNSTORABLE_VALUE',
        operation: 'withIsolationContext',
        sqlstate: '22008',
        values: [when, '300000-01-01'],
      });
    });

    it('a closed adapter, a closed driver and a call over its timeout', async () => {
      const closed = new SqlDatabaseAdapter(f.agentId, {
        driver: f.driver,
        ownsDriver: false,
        logger: silentSqlLogger,
      });
      await closed.init();
      await closed.close();
      const id = uuid();
      expectPayloadFree(await failure(closed.getMemoryById(id)), {
        code: 'ADAPTER_NOT_READY',
        operation: 'getMemoryById',
        values: [id],
      });

      const own: DatabaseDriver = await backend.open();
      const orphan = new SqlDatabaseAdapter(f.agentId, {
        driver: own,
        ownsDriver: false,
        logger: silentSqlLogger,
      });
      await orphan.init();
      await own.close();
      expectPayloadFree(await failure(orphan.getMemoryById(id)), {
        code: 'ADAPTER_NOT_READY',
        operation: 'getMemoryById',
        values: [id],
      });

      const slow = new SqlDatabaseAdapter(f.agentId, {
        driver: f.driver,
        ownsDriver: false,
        logger: silentSqlLogger,
        policy: createDatabasePolicy({ connectionTimeout: 50 }),
      });
      await slow.init();
      const timedOut = await failure(
        slow.withIsolationContext(null, async (tx) => {
          await tx.query(sql`SELECT 1`);
          await sleep(300);
        }),
      );
      expectPayloadFree(timedOut, { code: 'TIMEOUT', operation: 'withIsolationContext', values: [] });
      await sleep(300); // let the abandoned callback finish before the next test
      await slow.close();
    });

    it('a database failure is logged once, at debug, with the statement and no value', async () => {
      const lines: Array<{ level: string; message: string; data?: Record<string, unknown> }> = [];
      const capture =
        (level: string) =>
        (message: string, data?: Record<string, unknown>): void => {
          lines.push({ level, message, data });
        };
      const logger: SqlLogger = {
        debug: capture('debug'),
        info: capture('info'),
        warn: capture('warn'),
        error: capture('error'),
      };
      const adapter = new SqlDatabaseAdapter(f.agentId, { driver: f.driver, ownsDriver: false, logger });
      await adapter.init();
      lines.length = 0;
      const blob = secret('logged');
      const entityId = uuid();
      const err = await failure(
        adapter.createComponent({
          id: uuid(),
          entityId,
          agentId: f.agentId,
          roomId: f.roomId,
          worldId: f.worldId,
          sourceEntityId: f.agentId,
          type: 'profile',
          data: { blob },
          createdAt: Date.now(),
        }),
      );
      expect(err).toMatchObject({ code: 'REFERENCED_ROW_MISSING' });
      expect(lines).toHaveLength(1);
      const [line] = lines;
      expect(line).toMatchObject({
        level: 'debug',
        data: { operation: 'createComponent', code: 'REFERENCED_ROW_MISSING', sqlstate: '23503' },
      });
      const data = line?.data as { statement: string; parameters: string[] };
      expect(data.statement).toMatch(/^insert into "components" .*\$1.*\$8::jsonb/);
      expect(data.parameters).toContain(`$2: string(${entityId.length})`);
      expect(
        data.parameters.every((p) =>
          /^\$\d+: (string\(\d+\)|number|boolean|date|null|undefined|array\(\d+\)|object\(\d+ keys\)|bytes\(\d+\))$/.test(
            p,
          ),
        ),
      ).toBe(true);
      const logged = JSON.stringify(lines);
      expect(logged).not.toContain(blob);
      expect(logged).not.toContain(entityId);
      await adapter.close();
    });

    it('a write refused as false is logged without the statement or its values', async () => {
      const warnings: Array<Record<string, unknown> | undefined> = [];
      const adapter = new SqlDatabaseAdapter(f.agentId, {
        driver: f.driver,
        ownsDriver: false,
        logger: { ...silentSqlLogger, warn: (_message, data) => warnings.push(data) },
      });
      await adapter.init();
      const target = uuid();
      expect(await adapter.createRelationship({ sourceEntityId: f.userId, targetEntityId: target })).toBe(
        false,
      );
      expect(warnings).toHaveLength(1);
      const logged = JSON.stringify(warnings);
      expect(logged).not.toContain('Failed query');
      expect(logged).not.toContain('params:');
      expect(logged).not.toContain(target);
      expect(logged).toMatch(/violates foreign key constraint/);
      await adapter.close();
    });

    it('a failed plugin migration reports the plugin and the database error, not the statement', async () => {
      const fn = `no_such_function_${randomBytes(4).toString('hex')}`;
      const broken = pgTable(`broken_${randomBytes(4).toString('hex')}`, {
        id: text('id').default(sql.raw(`${fn}()`)),
      });
      const err = await failure(
        f.adapter.runPluginMigrations([{ name: 'plugin-broken', schema: { broken } }]),
      );
      expectPayloadFree(err, { code: 'MIGRATION_FAILED', operation: 'runPluginMigrations', values: [] });
      expect((err as Error).message).toContain('plugin-broken');
      for (const link of chainOf(err)) expect(textsOf(link).join('\n')).not.toMatch(/CREATE TABLE/i);
    });
  });
}

const postgresUrl = testPostgresUrl();

describe.runIf(postgresUrl)('errors without payloads, PostgreSQL only [postgres]', () => {
  const serverA = uuid();
  const serverB = uuid();
  let db: IsolatedDatabase;
  let app: DatabaseDriver;
  let b: SqlDatabaseAdapter;

  beforeAll(async () => {
    db = await createIsolatedDatabase(postgresUrl as string);
    await installDataIsolation(db.owner, { serverId: serverA });
    await getOrCreateRlsServer(db.owner, serverB);
    app = await db.connectTenant(serverB);
    b = await isolatedAdapter(app, serverB);
    await b.createAgent({ id: b.agentId, name: 'b' });
  });
  afterAll(async () => {
    await b?.close();
    await db?.cleanup();
  });

  it('a row-level security refusal is ACCESS_DENIED without the row', async () => {
    const key = secret('key');
    const value = JSON.stringify({ token: secret('token') });
    const err = await failure(
      b.withIsolationContext(null, (tx) =>
        tx.query(
          sql`INSERT INTO cache (key, agent_id, value, server_id) VALUES (${key}, ${b.agentId}, ${value}::jsonb, ${serverA})`,
        ),
      ),
    );
    expectPayloadFree(err, {
      code: 'ACCESS_DENIED',
      operation: 'withIsolationContext',
      sqlstate: '42501',
      values: [key, value, serverA],
    });
  });

  it('an isolation function refused by the database maps the same way', async () => {
    // The application role owns no table, so it cannot drop their policies.
    const err = await failure(uninstallDataIsolation(app));
    expectPayloadFree(err, {
      code: 'ACCESS_DENIED',
      operation: 'uninstallDataIsolation',
      sqlstate: '42501',
      values: [],
    });
  });

  it('a dropped connection is CONNECTION_LOST, and the breaker it opens is CIRCUIT_OPEN', async () => {
    const driver = await db.connectTenant(serverB);
    const adapter = new SqlDatabaseAdapter(uuid(), {
      driver,
      ownsDriver: false,
      logger: silentSqlLogger,
      migrations: { migrateOnInit: false },
      policy: createDatabasePolicy({ failureThreshold: 1, maxRetries: 0 }),
    });
    await adapter.init();
    const marker = secret('marker');
    const lost = await failure(
      adapter.withIsolationContext(null, (tx) =>
        tx.query(sql`SELECT ${marker}::text AS m, pg_terminate_backend(pg_backend_pid())`),
      ),
    );
    expectPayloadFree(lost, {
      code: 'CONNECTION_LOST',
      operation: 'withIsolationContext',
      // postgres.js reports the server's 57P01, or its own CONNECTION_CLOSED when the socket went first.
      sqlstate: ['57P01', undefined],
      values: [marker],
    });
    const id = uuid() as UUID;
    const open = await failure(adapter.getMemoryById(id));
    expectPayloadFree(open, { code: 'CIRCUIT_OPEN', operation: 'getMemoryById', values: [marker, id] });
    await adapter.close();
  });
});
