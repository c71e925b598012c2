/**
 * Per-call cost of data isolation (issue #14): N sequential `getMemoryById` calls through an isolated
 * adapter (each call: BEGIN, the context statement, the read, COMMIT) beside the same calls through
 * an adapter without isolation, on PostgreSQL, in the same process, rounds interleaved. Plain
 * JavaScript on the BUILT plugin (`pnpm build` first), so the same script measures any build:
 *
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres node bench/isolation-context.mjs
 *   PLUGIN_SQL_DIST=<dir of another build's dist> ... node bench/isolation-context.mjs
 *
 * The design is detected from the build: with `registerTenantRole` the tenant is its login role
 * (one registered role per server); without it, the server id is a `set_config` of the transaction
 * (one shared application role). Prints ops/s of both and the ratio isolated / not isolated.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';

const N = Number(process.env.N ?? 2000);
const ROUNDS = 3;
const serverUrl = process.env.TEST_POSTGRES_URL;
if (!serverUrl) throw new Error('TEST_POSTGRES_URL: a PostgreSQL superuser URL is required');
const dist = process.env.PLUGIN_SQL_DIST;
const plugin = await import(
  dist ? pathToFileURL(resolve(dist, 'index.js')).href : '@eliza-sql/plugin-sql'
);
const design =
  typeof plugin.registerTenantRole === 'function' ? 'per-tenant login roles' : 'set_config of the server id';

const hex = randomBytes(4).toString('hex');
const group = `eliza_bench_app_${hex}`;
const tenant = `eliza_bench_tenant_${hex}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
const databases = [];
const adapters = [];

const urlOf = (name, user) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  if (user) {
    url.username = user;
    url.password = '';
  }
  return url.toString();
};
const createDatabase = async () => {
  const name = `eliza_bench_iso_${randomBytes(4).toString('hex')}`;
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  databases.push(name);
  return name;
};
/** An adapter of `agentId`, migrated by the superuser, with one agent, room and memory. */
const seeded = async (name, agentId) => {
  const adapter = plugin.createDatabaseAdapter({ postgresUrl: urlOf(name) }, agentId);
  adapters.push(adapter);
  await adapter.init();
  return adapter;
};
const seed = async (adapter) => {
  const agentId = adapter.agentId;
  await adapter.createAgent({ id: agentId, name: 'bench', bio: ['bench'] });
  await adapter.createEntities([{ id: agentId, names: ['bench'], agentId, metadata: {} }]);
  const worldId = await adapter.createWorld({ id: randomUUID(), name: 'w', agentId, messageServerId: randomUUID() });
  const [roomId] = await adapter.createRooms([
    { id: randomUUID(), name: 'r', agentId, source: 'bench', type: 'GROUP', worldId },
  ]);
  return adapter.createMemory(
    { entityId: agentId, agentId, roomId, content: { text: 'bench memory' } },
    'messages',
  );
};
const opsPerSecond = async (adapter, memoryId) => {
  const start = performance.now();
  for (let i = 0; i < N; i++) {
    if (!(await adapter.getMemoryById(memoryId))) throw new Error('the memory was not found');
  }
  return (N * 1000) / (performance.now() - start);
};
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

try {
  // not isolated: its own database, the superuser's connection
  const plainAgent = randomUUID();
  const plain = await seeded(await createDatabase(), plainAgent);
  const plainMemory = await seed(plain);

  // isolated: migrated and installed by the owner (the superuser), called by a non-owner role
  const name = await createDatabase();
  const serverId = randomUUID();
  const owner = await seeded(name, randomUUID());
  const ownerDriver = await owner.getDriver();
  await plugin.installDataIsolation(ownerDriver, { serverId });
  await admin.unsafe(`CREATE ROLE ${group} NOLOGIN`);
  await admin.unsafe(`CREATE ROLE ${tenant} LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE ${group}`);
  await ownerDriver.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${group}`);
  if (plugin.registerTenantRole) await plugin.registerTenantRole(ownerDriver, { role: tenant, serverId });
  const isolated = new plugin.SqlDatabaseAdapter(randomUUID(), {
    connect: () =>
      plugin.connectDriver(plugin.resolveSqlConfig((key) => (key === 'POSTGRES_URL' ? urlOf(name, tenant) : undefined))),
    logger: plugin.silentSqlLogger,
    isolation: { serverId },
    migrations: { migrateOnInit: false },
  });
  adapters.push(isolated);
  await isolated.init();
  const isolatedMemory = await seed(isolated);

  for (let i = 0; i < 200; i++) {
    await plain.getMemoryById(plainMemory);
    await isolated.getMemoryById(isolatedMemory);
  }
  const rates = { plain: [], isolated: [] };
  for (let round = 0; round < ROUNDS; round++) {
    rates.plain.push(await opsPerSecond(plain, plainMemory));
    rates.isolated.push(await opsPerSecond(isolated, isolatedMemory));
  }
  const p = median(rates.plain);
  const iso = median(rates.isolated);
  console.log(`design: ${design}${dist ? ` (${dist})` : ''}`);
  console.log(`getMemoryById x ${N}, median of ${ROUNDS} interleaved rounds`);
  console.log(`  not isolated: ${p.toFixed(0)} ops/s  (rounds ${rates.plain.map((r) => r.toFixed(0)).join(', ')})`);
  console.log(`  isolated:     ${iso.toFixed(0)} ops/s  (rounds ${rates.isolated.map((r) => r.toFixed(0)).join(', ')})`);
  console.log(`  ratio isolated / not isolated: ${(iso / p).toFixed(2)}`);
} finally {
  for (const adapter of adapters) await adapter.close().catch(() => undefined);
  for (const name of databases) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.unsafe(`DROP ROLE IF EXISTS ${tenant}`);
  await admin.unsafe(`DROP ROLE IF EXISTS ${group}`);
  await admin.end();
}
