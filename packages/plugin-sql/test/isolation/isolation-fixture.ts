/**
 * A PostgreSQL database for the isolation suites, in the supported two-role setup: the core schema
 * migrated by the owner (the test server's superuser); a NOLOGIN group role with DML on the tables
 * (also on tables created later, by default privileges); and one NON-superuser login role per server,
 * member of the group, registered to its server (trust auth on 127.0.0.1, no password).
 */
import { randomBytes } from 'node:crypto';
import { createPgDriver } from '@eliza-sql/adapter-pg';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createTestDatabase, type TestDatabase, uuid } from '@eliza-sql/test-support';
import { ChannelType, type UUID } from '@elizaos/core';
import postgres from 'postgres';
import { expect } from 'vitest';
import {
  type ElizaSqlErrorCode,
  installDataIsolation,
  isElizaSqlError,
  registerTenantRole,
  SqlDatabaseAdapter,
  silentSqlLogger,
} from '../../src/index.js';
import { createCoreSchema } from '../support/core-schema-setup.js';
import { axisVector } from '../support/fixtures.js';

const DML = 'SELECT, INSERT, UPDATE, DELETE';

export interface IsolatedDatabase {
  readonly database: TestDatabase;
  /** The superuser (owner of every table): migrates, installs, and reads every row (bypasses RLS). */
  readonly owner: DatabaseDriver;
  /** The group role (NOLOGIN) holding DML on the tables; every login role created here is a member. */
  readonly role: string;
  /** Opens a driver connected as `role` (closed by `cleanup`). */
  connectAs(role: string): Promise<DatabaseDriver>;
  /** Creates a login role (dropped by `cleanup`), member of the group role, with `attributes`. */
  createRole(attributes: string): Promise<string>;
  /**
   * The login role of `serverId` (created and registered by the owner on first use; isolation must
   * be installed first).
   */
  tenantRole(serverId: UUID): Promise<string>;
  /** A driver connected as the login role of `serverId`. */
  connectTenant(serverId: UUID): Promise<DatabaseDriver>;
  /** An isolated adapter of `serverId`, connected as its login role (closed by `cleanup`). */
  tenantAdapter(serverId: UUID, agentId?: UUID): Promise<SqlDatabaseAdapter>;
  cleanup(): Promise<void>;
}

/** A fresh database with the core schema, the group role and per-server login roles on demand. */
export async function createIsolatedDatabase(serverUrl: string): Promise<IsolatedDatabase> {
  const database = await createTestDatabase(serverUrl, 'eliza_isolation');
  const owner = await createPgDriver({ url: database.url, max: 2 });
  await createCoreSchema(owner);
  const roles: string[] = [];
  const drivers: DatabaseDriver[] = [owner];
  const adapters: SqlDatabaseAdapter[] = [];
  const tenants = new Map<UUID, Promise<string>>();
  const group = `eliza_app_${randomBytes(5).toString('hex')}`;
  await owner.query(`CREATE ROLE ${group} NOLOGIN`);
  roles.push(group);
  await owner.query(`GRANT ${DML} ON ALL TABLES IN SCHEMA public TO ${group}`);
  await owner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ${DML} ON TABLES TO ${group}`);
  await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${group}`);
  const createRole = async (attributes: string) => {
    const role = `eliza_login_${randomBytes(5).toString('hex')}`;
    await owner.query(`CREATE ROLE ${role} LOGIN ${attributes} IN ROLE ${group}`);
    roles.push(role);
    return role;
  };
  const connectAs = async (name: string) => {
    const url = new URL(database.url);
    url.username = name;
    url.password = '';
    const driver = await createPgDriver({ url: url.toString(), max: 4 });
    drivers.push(driver);
    return driver;
  };
  const tenantRole = (serverId: UUID) => {
    let role = tenants.get(serverId);
    if (!role) {
      role = createRole('NOSUPERUSER NOBYPASSRLS').then(async (name) => {
        await registerTenantRole(owner, { role: name, serverId });
        return name;
      });
      tenants.set(serverId, role);
    }
    return role;
  };
  const connectTenant = async (serverId: UUID) => connectAs(await tenantRole(serverId));
  return {
    database,
    owner,
    role: group,
    createRole,
    connectAs,
    tenantRole,
    connectTenant,
    async tenantAdapter(serverId, agentId) {
      const adapter = await isolatedAdapter(await connectTenant(serverId), serverId, agentId);
      adapters.push(adapter);
      return adapter;
    },
    async cleanup() {
      for (const adapter of adapters.splice(0)) await adapter.close();
      for (const driver of drivers.splice(0)) await driver.close();
      await database.drop();
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        for (const name of roles.splice(0).reverse()) await admin.unsafe(`DROP ROLE IF EXISTS ${name}`);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * A database whose tables are owned by a fresh `NOSUPERUSER NOBYPASSRLS` login role (it owns the
 * database and the schema; extensions installed by the superuser), as a managed PostgreSQL has it.
 */
export interface OwnedDatabase {
  readonly database: TestDatabase;
  readonly role: string;
  /** The database URL as the owning role. */
  readonly ownerUrl: string;
  /** The superuser on this database (reads every row). */
  readonly superuser: DatabaseDriver;
  /**
   * The URL of a new login role (NOSUPERUSER NOBYPASSRLS, owning nothing) with DML on every table
   * the owner creates (default privileges): what one server connects as.
   */
  createTenantUrl(): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createOwnedDatabase(serverUrl: string): Promise<OwnedDatabase> {
  const hex = randomBytes(5).toString('hex');
  const role = `eliza_owner_${hex}`;
  const group = `eliza_app_${hex}`;
  const roles = [role, group];
  const database = await createTestDatabase(serverUrl, 'eliza_isolation_owner');
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOBYPASSRLS`);
    await admin.unsafe(`CREATE ROLE ${group} NOLOGIN`);
    await admin.unsafe(`ALTER DATABASE "${database.name}" OWNER TO ${role}`);
  } finally {
    await admin.end();
  }
  const superuser = await createPgDriver({ url: database.url, max: 1 });
  await superuser.query(`ALTER SCHEMA public OWNER TO ${role}`);
  await superuser.query('CREATE EXTENSION IF NOT EXISTS vector');
  await superuser.query('CREATE EXTENSION IF NOT EXISTS fuzzystrmatch');
  await superuser.query(
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${role} IN SCHEMA public GRANT ${DML} ON TABLES TO ${group}`,
  );
  const urlAs = (name: string) => {
    const url = new URL(database.url);
    url.username = name;
    return url.toString();
  };
  return {
    database,
    role,
    ownerUrl: urlAs(role),
    superuser,
    async createTenantUrl() {
      const tenant = `eliza_login_${randomBytes(5).toString('hex')}`;
      await superuser.query(`CREATE ROLE ${tenant} LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE ${group}`);
      roles.push(tenant);
      return urlAs(tenant);
    },
    async cleanup() {
      await superuser.close();
      await database.drop();
      const end = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        for (const name of roles.splice(0).reverse()) await end.unsafe(`DROP ROLE IF EXISTS ${name}`);
      } finally {
        await end.end();
      }
    },
  };
}

/** An adapter on `driver` isolated to `serverId` (no migration: the owner migrated and installed). */
export async function isolatedAdapter(
  driver: DatabaseDriver,
  serverId: UUID,
  agentId: UUID = uuid(),
): Promise<SqlDatabaseAdapter> {
  const adapter = new SqlDatabaseAdapter(agentId, {
    driver,
    ownsDriver: false,
    logger: silentSqlLogger,
    migrations: { migrateOnInit: false },
    isolation: { serverId },
  });
  await adapter.init();
  return adapter;
}

/** The ids of one server's seeded rows. */
export interface SeededServer {
  readonly agentId: UUID;
  readonly userId: UUID;
  readonly worldId: UUID;
  readonly roomId: UUID;
  readonly memoryId: UUID;
  readonly componentId: UUID;
  readonly relationshipId: UUID;
  readonly logId: UUID;
  readonly taskId: UUID;
  readonly taskName: string;
  readonly cacheKey: string;
  readonly messageServerId: UUID;
  readonly channelId: UUID;
  readonly messageId: UUID;
  readonly names: readonly string[];
}

/** Seeds a full set of rows through `adapter` (so the server id comes from the isolation context). */
export async function seedServer(adapter: SqlDatabaseAdapter, label: string): Promise<SeededServer> {
  const agentId = adapter.agentId;
  await adapter.createAgent({ id: agentId, name: `agent-${label}`, bio: ['isolated'] });
  await adapter.ensureEmbeddingDimension(384); // records the agent's embedding space (an isolated table too)
  const userId = uuid();
  await adapter.createEntities([
    { id: agentId, names: [`agent-${label}`], agentId, metadata: {} },
    { id: userId, names: [`user-${label}`], agentId, metadata: {} },
  ]);
  const messageServerId = uuid();
  await adapter.createMessageServer({ id: messageServerId, name: `ms-${label}`, sourceType: 'test' });
  await adapter.addAgentToMessageServer(messageServerId, agentId);
  const worldId = await adapter.createWorld({ id: uuid(), name: `world-${label}`, agentId, messageServerId });
  const [roomId] = (await adapter.createRooms([
    { id: uuid(), name: `room-${label}`, agentId, source: 'test', type: ChannelType.GROUP, worldId },
  ])) as UUID[];
  if (!roomId) throw new Error('no room');
  await adapter.addParticipantsRoom([agentId, userId], roomId);
  const memoryId = await adapter.createMemory(
    {
      id: uuid(),
      entityId: userId,
      agentId,
      roomId,
      worldId,
      content: { text: `memory-${label}` },
      embedding: axisVector(384, 3),
    },
    'messages',
  );
  const componentId = uuid();
  await adapter.createComponent({
    id: componentId,
    entityId: userId,
    agentId,
    roomId,
    worldId,
    sourceEntityId: agentId,
    type: 'profile',
    data: { label },
    createdAt: Date.now(),
  });
  await adapter.createRelationship({ sourceEntityId: userId, targetEntityId: agentId, tags: ['friend'] });
  const relationship = await adapter.getRelationship({ sourceEntityId: userId, targetEntityId: agentId });
  await adapter.log({ body: { label }, entityId: userId, roomId, type: 'action' });
  const [log] = await adapter.getLogs({ entityId: userId, roomId, type: 'action' });
  const taskName = `task-${label}`;
  const taskId = await adapter.createTask({
    id: uuid(),
    name: taskName,
    description: 'd',
    roomId,
    worldId,
    tags: ['t'],
  });
  const cacheKey = `cache-${label}`;
  await adapter.setCache(cacheKey, { label });
  const channelId = uuid();
  await adapter.createChannel(
    { id: channelId, messageServerId, name: `channel-${label}`, type: ChannelType.GROUP },
    [userId],
  );
  const message = await adapter.createMessage({ channelId, authorId: userId, content: `message-${label}` });
  if (!relationship?.id || !log?.id) throw new Error('seed incomplete');
  return {
    agentId,
    userId,
    worldId,
    roomId,
    memoryId,
    componentId,
    relationshipId: relationship.id,
    logId: log.id,
    taskId,
    taskName,
    cacheKey,
    messageServerId,
    channelId,
    messageId: message.id,
    names: [`agent-${label}`, `user-${label}`],
  };
}

/** Per table: row count and an md5 of every row of `serverId`, read by the owner (bypassing RLS). */
export async function snapshotServerRows(
  owner: DatabaseDriver,
  serverId: UUID,
): Promise<Record<string, string>> {
  const tables = await owner.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = 'server_id' ORDER BY table_name`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await owner.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h
       FROM public."${name}" t WHERE server_id = '${serverId}'`,
    );
    out[name] = `${row?.n}:${row?.h}`;
  }
  return out;
}

/** Asserts `p` rejects because of a row-level security policy (the reason may sit in `cause`, as Drizzle wraps it). */
export async function expectRlsRefusal(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  let text = '';
  for (let e: unknown = err; e instanceof Error; e = e.cause) text += `${e.message}\n`;
  expect(text).toMatch(/violates row-level security policy/);
}

/** Two servers on one isolated database (installed for A), each seeded through its own login role. */
export interface TwoServers {
  readonly db: IsolatedDatabase;
  readonly a: SqlDatabaseAdapter;
  readonly b: SqlDatabaseAdapter;
  readonly seedA: SeededServer;
  readonly seedB: SeededServer;
}

export async function createTwoServers(serverUrl: string, serverA: UUID, serverB: UUID): Promise<TwoServers> {
  const db = await createIsolatedDatabase(serverUrl);
  await installDataIsolation(db.owner, { serverId: serverA });
  const a = await db.tenantAdapter(serverA);
  const b = await db.tenantAdapter(serverB);
  return { db, a, b, seedA: await seedServer(a, 'a'), seedB: await seedServer(b, 'b') };
}

/** Asserts `p` rejects with an ElizaSqlError of `code`; returns its message. */
export async function expectFailure(p: Promise<unknown>, code: ElizaSqlErrorCode): Promise<string> {
  const err = await p.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );
  expect(isElizaSqlError(err, code), String(err)).toBe(true);
  return (err as Error).message;
}
