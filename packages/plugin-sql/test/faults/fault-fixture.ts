/**
 * The fixture of the PostgreSQL fault scenarios: a fresh database on the test server, a fault proxy in
 * front of it, and a facade adapter (with its own pool and a small-timing policy) connected through
 * the proxy, seeded with an agent, a world, a room and a user. `admin` reaches the database directly,
 * never through the proxy, to check what is really stored.
 */
import { createPgDriver, createPgPoolRegistry } from '@eliza-sql/adapter-pg';
import { createDatabasePolicy, type DatabasePolicy, type DatabasePolicyOptions } from '@eliza-sql/resilience';
import {
  createFaultProxy,
  createTestDatabase,
  type FaultProxy,
  type TestDatabase,
  uuid,
} from '@eliza-sql/test-support';
import { ChannelType, type Memory, type UUID } from '@elizaos/core';
import postgres from 'postgres';
import { SqlDatabaseAdapter, silentSqlLogger } from '../../src/index.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PgFaultFixture {
  readonly database: TestDatabase;
  readonly proxy: FaultProxy;
  readonly adapter: SqlDatabaseAdapter;
  /** Direct connection to the test database (not through the proxy). */
  readonly admin: postgres.Sql;
  readonly agentId: UUID;
  readonly roomId: UUID;
  readonly userId: UUID;
  /** The policy each adapter of the fixture runs its calls through. */
  readonly policies: Map<SqlDatabaseAdapter, DatabasePolicy>;
  /** A new adapter of the same agent on the same proxy (own pool), e.g. for a second pool size. */
  openAdapter(options?: PgFaultFixtureOptions): Promise<SqlDatabaseAdapter>;
  cleanup(): Promise<void>;
}

export interface PgFaultFixtureOptions {
  readonly max?: number;
  readonly policy?: DatabasePolicyOptions;
}

/** Opens the fixture on the server at `serverUrl`. */
export async function openPgFaultFixture(
  serverUrl: string,
  options: PgFaultFixtureOptions = {},
): Promise<PgFaultFixture> {
  const database = await createTestDatabase(serverUrl, 'eliza_faults');
  const target = new URL(database.url);
  const proxy = await createFaultProxy({
    targetHost: target.hostname,
    targetPort: Number(target.port || 5432),
  });
  const admin = postgres(database.url, { max: 2, onnotice: () => {} });
  const agentId = uuid();
  const adapters: SqlDatabaseAdapter[] = [];
  const policies = new Map<SqlDatabaseAdapter, DatabasePolicy>();
  const openAdapter = async (o: PgFaultFixtureOptions = {}) => {
    const policy = createDatabasePolicy({
      baseDelay: 20,
      maxDelay: 200,
      jitterMax: 10,
      connectionTimeout: 10_000,
      ...(o.policy ?? options.policy),
    });
    const adapter = new SqlDatabaseAdapter(agentId, {
      connect: () =>
        createPgDriver({
          url: proxy.rewrite(database.url),
          max: o.max ?? options.max ?? 4,
          connectTimeoutMs: 2000,
          registry: createPgPoolRegistry({ shutdownHooks: false }),
        }),
      policy,
      logger: silentSqlLogger,
    });
    adapters.push(adapter);
    policies.set(adapter, policy);
    await adapter.init();
    return adapter;
  };
  const adapter = await openAdapter();
  await adapter.createAgent({ id: agentId, name: 'Fault Agent', bio: ['survives faults'] });
  const worldId = await adapter.createWorld({ id: uuid(), name: 'World', agentId, messageServerId: uuid() });
  const roomId = uuid();
  await adapter.createRooms([
    { id: roomId, name: 'Room', agentId, source: 'test', type: ChannelType.GROUP, worldId },
  ]);
  const userId = uuid();
  await adapter.createEntities([
    { id: agentId, names: ['Fault Agent'], agentId, metadata: {} },
    { id: userId, names: ['User'], agentId, metadata: {} },
  ]);
  await adapter.addParticipantsRoom([agentId, userId], roomId);
  return {
    database,
    proxy,
    adapter,
    admin,
    agentId,
    roomId,
    userId,
    policies,
    openAdapter,
    async cleanup() {
      await proxy.resume().catch(() => undefined);
      for (const a of adapters) await a.close().catch(() => undefined);
      for (const p of policies.values()) p.dispose();
      await proxy.close();
      await admin.end({ timeout: 1 });
      await database.drop();
    },
  };
}

/** A deterministic 384-d unit embedding for `seed`. */
export function embeddingFor(seed: number, dimension = 384): number[] {
  const v = Array.from(
    { length: dimension },
    (_, i) => Math.sin(seed * 0.731 + i * 0.113) + (i === seed % dimension ? 2 : 0),
  );
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** A message memory of the fixture's user in its room. */
export function messageMemory(
  fixture: Pick<PgFaultFixture, 'agentId' | 'roomId' | 'userId'>,
  text: string,
  embedding?: number[],
): Memory & { id: UUID } {
  return {
    id: uuid(),
    entityId: fixture.userId,
    agentId: fixture.agentId,
    roomId: fixture.roomId,
    content: { text },
    ...(embedding ? { embedding } : {}),
  };
}

/** Retries `fn` (bounded: `attempts` times, `delayMs` apart) until it resolves. */
export async function eventually<T>(fn: () => Promise<T>, attempts = 100, delayMs = 50): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (error) {
      last = error;
      await sleep(delayMs);
    }
  }
  throw last;
}
