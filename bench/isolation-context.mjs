/**
 * Per-call cost of data isolation (issue #14): N sequential `getMemoryById` calls through an isolated
 * adapter (each call: BEGIN, the context statement, the read, COMMIT) beside the same calls through
 * an adapter without isolation, on PostgreSQL, in the same process, rounds interleaved. Plain
 * JavaScript on the BUILT plugin (`pnpm build` first), so it measures any build, and two at once:
 *
 *   TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5433/postgres node bench/isolation-context.mjs \
 *     [--n 2000] [--compare <dist directory of another build>]
 *
 * The design is detected from each build: with `registerTenantRole` the tenant is its login role (one
 * registered role per server); without it, the server id is a `set_config` of each call's transaction
 * (one shared application role). Prints ops/s of each and its ratio to the call without isolation.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';

const { values: args } = parseArgs({
  options: { n: { type: 'string', default: '2000' }, compare: { type: 'string' } },
});
const N = Number(args.n);
if (!Number.isInteger(N) || N <= 0) throw new Error(`--n: a positive integer, got ${args.n}`);
const ROUNDS = 3;
const serverUrl = process.env.TEST_POSTGRES_URL;
if (!serverUrl) throw new Error('TEST_POSTGRES_URL: a PostgreSQL superuser URL is required');
const builds = [{ label: 'this build', plugin: await import('@eliza-sql/plugin-sql') }];
if (args.compare) {
  const url = pathToFileURL(resolve(args.compare, 'index.js')).href;
  builds.push({ label: args.compare, plugin: await import(url) });
}
const designOf = (p) =>
  typeof p.registerTenantRole === 'function' ? 'per-tenant login roles' : 'set_config of the server id';
const plugin = builds[0].plugin;

const hex = randomBytes(4).toString('hex');
const group = `eliza_bench_app_${hex}`;
const roles = [];
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
  const worldId = await adapter.createWorld({
    id: randomUUID(),
    name: 'w',
    agentId,
    messageServerId: randomUUID(),
  });
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

/** One build's isolated adapter, in its own database, migrated and installed by the superuser. */
const isolatedOf = async (build, index) => {
  const p = build.plugin;
  const name = await createDatabase();
  const serverId = randomUUID();
  const owner = await seeded(name, randomUUID());
  const ownerDriver = await owner.getDriver();
  await p.installDataIsolation(ownerDriver, { serverId });
  const tenant = `eliza_bench_tenant_${hex}_${index}`;
  await admin.unsafe(`CREATE ROLE ${tenant} LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE ${group}`);
  roles.unshift(tenant);
  await ownerDriver.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${group}`);
  if (p.registerTenantRole) await p.registerTenantRole(ownerDriver, { role: tenant, serverId });
  const adapter = new p.SqlDatabaseAdapter(randomUUID(), {
    connect: () =>
      p.connectDriver(
        p.resolveSqlConfig((key) => (key === 'POSTGRES_URL' ? urlOf(name, tenant) : undefined)),
      ),
    logger: p.silentSqlLogger,
    isolation: { serverId },
    migrations: { migrateOnInit: false },
  });
  adapters.push(adapter);
  await adapter.init();
  return { label: `isolated, ${designOf(p)} (${build.label})`, adapter, memoryId: await seed(adapter) };
};

try {
  await admin.unsafe(`CREATE ROLE ${group} NOLOGIN`);
  roles.push(group);
  // not isolated: its own database, the superuser's connection
  const plain = await seeded(await createDatabase(), randomUUID());
  const runs = [{ label: 'not isolated', adapter: plain, memoryId: await seed(plain) }];
  for (const [index, build] of builds.entries()) runs.push(await isolatedOf(build, index));

  for (let i = 0; i < 200; i++) for (const run of runs) await run.adapter.getMemoryById(run.memoryId);
  const rates = runs.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, run] of runs.entries())
      rates[index].push(await opsPerSecond(run.adapter, run.memoryId));
  }
  const base = median(rates[0]);
  console.log(`getMemoryById x ${N}, median of ${ROUNDS} interleaved rounds (ratio: to not isolated)`);
  for (const [index, run] of runs.entries()) {
    const rate = median(rates[index]);
    const all = rates[index].map((r) => r.toFixed(0)).join(', ');
    console.log(
      `  ${run.label}: ${rate.toFixed(0)} ops/s, ratio ${(rate / base).toFixed(2)} (rounds ${all})`,
    );
  }
} finally {
  for (const adapter of adapters) await adapter.close().catch(() => undefined);
  for (const name of databases) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  for (const role of roles) await admin.unsafe(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
}
