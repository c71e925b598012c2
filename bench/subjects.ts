/**
 * The three subjects of the comparison, each in its own fresh database: the reference
 * (`@elizaos/plugin-sql@1.7.2`, the devDependency of packages/plugin-sql), ours, and the bare driver
 * (PGlite / postgres.js) on a database migrated by ours. Both adapters are made the way the runtime
 * makes them: `createDatabaseAdapter({ dataDir } | { postgresUrl }, agentId)`, `init()`, then
 * `runPluginMigrations` with the plugin's own schema.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { createDatabaseAdapter, plugin, type SqlDatabaseAdapter } from '@eliza-sql/plugin-sql';
import { createTestDatabase } from '@eliza-sql/test-support';
import postgres from 'postgres';
import { type BareDb, createPgliteBareDb, createPostgresBareDb } from './bare-db.js';
import type { Backend, SubjectName } from './compare.js';
import { requirePostgresUrl, type UUID } from './support.js';

/** The methods the workloads call, typed from ours (the reference has no type declarations). */
export type BenchAdapter = Pick<
  SqlDatabaseAdapter,
  | 'init'
  | 'close'
  | 'runPluginMigrations'
  | 'ensureEmbeddingDimension'
  | 'getConnection'
  | 'createAgent'
  | 'createWorld'
  | 'createEntities'
  | 'createRooms'
  | 'createComponent'
  | 'addParticipantsRoom'
  | 'ensureEntityExists'
  | 'getRoomsByIds'
  | 'isRoomParticipant'
  | 'createMemory'
  | 'getMemories'
  | 'searchMemories'
  | 'countMemories'
  | 'getEntitiesForRoom'
  | 'log'
>;

export type AdapterConfig = { dataDir: string } | { postgresUrl: string };

/** A fresh, empty database of one backend: a temp directory or a new PostgreSQL database. */
export interface Place {
  readonly backend: Backend;
  readonly config: AdapterConfig;
  /** The PostgreSQL database's name (for its statistics), undefined on PGlite. */
  readonly dbName?: string;
  drop(): Promise<void>;
}

export async function createPlace(backend: Backend): Promise<Place> {
  if (backend === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'eliza-bench-ref-'));
    return { backend, config: { dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const db = await createTestDatabase(requirePostgresUrl(), 'eliza_bench_ref');
  return { backend, config: { postgresUrl: db.url }, dbName: db.name, drop: () => db.drop() };
}

interface ReferenceModule {
  createDatabaseAdapter(config: AdapterConfig, agentId: UUID): unknown;
  plugin: { name: string; schema: unknown };
}

const fromPluginSql = createRequire(new URL('../packages/plugin-sql/package.json', import.meta.url));
let referenceModule: Promise<ReferenceModule> | undefined;
const loadReference = () => {
  referenceModule ??= import(pathToFileURL(fromPluginSql.resolve('@elizaos/plugin-sql')).href);
  return referenceModule;
};

/**
 * The reference keeps ONE PGlite manager per process, and one pg pool per process keyed without the
 * URL, in a global; forgetting them (the adapters made before keep their own) lets every reference
 * adapter open its own place, as a fresh process would.
 */
function forgetReferenceSingletons(): void {
  const globals = (globalThis as Record<symbol, Record<string, unknown> | undefined>)[
    Symbol.for('@elizaos/plugin-sql/global-singletons')
  ];
  if (!globals) return;
  delete globals.pgLiteClientManager;
  delete globals.postgresConnectionManagers;
}

/** createDatabaseAdapter + init + runPluginMigrations with the plugin's schema: the runtime's start. */
export async function startAdapter(
  name: 'reference' | 'ours',
  config: AdapterConfig,
  agentId: UUID,
): Promise<BenchAdapter> {
  let adapter: BenchAdapter;
  let schema: unknown;
  if (name === 'reference') {
    const ref = await loadReference();
    forgetReferenceSingletons();
    adapter = ref.createDatabaseAdapter(config, agentId) as BenchAdapter;
    schema = ref.plugin.schema;
  } else {
    adapter = createDatabaseAdapter(config, agentId);
    schema = plugin.schema;
  }
  await adapter.init();
  await adapter.runPluginMigrations?.([{ name: '@elizaos/plugin-sql', schema: schema as never }], {
    verbose: false,
    force: false,
    dryRun: false,
  });
  return adapter;
}

/** One subject open on its place: the adapter (none for bare) and raw SQL on the same database. */
export interface Subject {
  readonly name: SubjectName;
  readonly place: Place;
  readonly adapter?: BenchAdapter;
  /** Raw SQL on the subject's database: the bare driver itself, or setup next to an adapter. */
  readonly raw: BareDb;
  close(): Promise<void>;
}

async function rawFor(adapter: BenchAdapter, place: Place): Promise<{ raw: BareDb; end(): Promise<void> }> {
  if ('dataDir' in place.config) {
    return { raw: createPgliteBareDb((await adapter.getConnection()) as PGlite), end: async () => {} };
  }
  const sql = postgres(place.config.postgresUrl, { max: 2, onnotice: () => {} });
  return { raw: createPostgresBareDb(sql), end: () => sql.end() };
}

/**
 * Opens `name` on a fresh place and runs `seed` (the same calls for every subject; the bare subject's
 * database is migrated and seeded through ours, then closed and opened with the bare driver).
 */
export async function openSubject(
  name: SubjectName,
  backend: Backend,
  agentId: UUID,
  seed: (adapter: BenchAdapter, raw: BareDb) => Promise<void>,
): Promise<Subject> {
  const place = await createPlace(backend);
  const adapter = await startAdapter(name === 'bare' ? 'ours' : name, place.config, agentId);
  await adapter.ensureEmbeddingDimension(384);
  const { raw, end } = await rawFor(adapter, place);
  await seed(adapter, raw);
  if (name !== 'bare') {
    return {
      name,
      place,
      adapter,
      raw,
      async close() {
        await end();
        await adapter.close();
        await place.drop();
      },
    };
  }
  await end();
  await adapter.close();
  if ('dataDir' in place.config) {
    const pg = await PGlite.create({ dataDir: place.config.dataDir, extensions: { vector } });
    return {
      name,
      place,
      raw: createPgliteBareDb(pg),
      async close() {
        await pg.close();
        await place.drop();
      },
    };
  }
  const sql = postgres(place.config.postgresUrl, { max: 10, onnotice: () => {} });
  return {
    name,
    place,
    raw: createPostgresBareDb(sql),
    async close() {
      await sql.end();
      await place.drop();
    },
  };
}

/** Opens the three subjects (bare, reference, ours) on fresh places, seeded alike. */
export async function openSubjects(
  backend: Backend,
  agentId: UUID,
  seed: (adapter: BenchAdapter, raw: BareDb) => Promise<void>,
): Promise<{ all: Subject[]; closeAll(): Promise<void> }> {
  const all: Subject[] = [];
  const closeAll = async () => {
    for (const s of all.splice(0)) await s.close();
  };
  try {
    for (const name of ['bare', 'reference', 'ours'] as const)
      all.push(await openSubject(name, backend, agentId, seed));
  } catch (err) {
    await closeAll();
    throw err;
  }
  return { all, closeAll };
}

/** The subject's adapter; throws for the bare subject. */
export function adapterOf(s: Subject): BenchAdapter {
  if (!s.adapter) throw new Error(`${s.name} has no adapter`);
  return s.adapter;
}
