import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPostgresUrl } from './postgres-url.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * Where a fresh test database lives: a PGlite data directory or a PostgreSQL database URL (the same
 * `{ dataDir } | { postgresUrl }` a plugin configuration takes).
 */
export type TestDatabaseLocation = { readonly dataDir: string } | { readonly postgresUrl: string };

/** The backends every behaviour suite runs on; suite names carry `[pglite]` / `[postgres]`. */
export type TestBackendName = 'pglite' | 'postgres';

/**
 * One backend a suite runs on. Each `open()` is a fresh, isolated database; `cleanup()` (in `afterAll`)
 * closes what `open()` returned and removes every database it created.
 *
 * ```ts
 * for (const backend of testBackends) {
 *   describe(`rooms [${backend.name}]`, () => {
 *     let db: Db;
 *     beforeAll(async () => { db = await backend.open(); });
 *     afterAll(() => backend.cleanup());
 *   });
 * }
 * ```
 */
export interface TestBackend<Db> {
  readonly name: TestBackendName;
  /** A fresh, empty database, opened by the `connect` the backends were created with. */
  open(): Promise<Db>;
  /** Closes every database `open()` returned, then removes the directories and drops the databases. Idempotent. */
  cleanup(): Promise<void>;
}

/** Options of {@link createTestBackends}. */
export interface TestBackendOptions<Db> {
  /** Opens the fresh database at `location`: a driver, a client, or anything the suite works with. */
  connect(location: TestDatabaseLocation): Promise<Db>;
  /** Closes what `connect` returned. Must be idempotent: a test may close its database itself. */
  close?(db: Db): Promise<void>;
  /**
   * PGlite storage: `'memory'` (default, a `memory://` data dir) or `'disk'` (a temporary directory,
   * for tests that reopen the database or hand it to another process).
   */
  readonly pgliteStorage?: 'memory' | 'disk';
  /** Prefix of the PostgreSQL database names (default `eliza_test`), to tell leftovers apart. */
  readonly databasePrefix?: string;
}

type LocationOptions = Omit<TestBackendOptions<TestDatabaseLocation>, 'connect' | 'close'> & {
  readonly connect?: never;
};

function createBackend<Db>(
  name: TestBackendName,
  createLocation: () => Promise<{ location: TestDatabaseLocation; remove(): Promise<void> }>,
  options: TestBackendOptions<Db>,
): TestBackend<Db> {
  const opened: Db[] = [];
  const removals: Array<() => Promise<void>> = [];
  return {
    name,
    async open() {
      const { location, remove } = await createLocation();
      removals.push(remove);
      const db = await options.connect(location);
      opened.push(db);
      return db;
    },
    async cleanup() {
      for (const db of opened.splice(0)) await options.close?.(db);
      for (const remove of removals.splice(0)) await remove();
    },
  };
}

/**
 * The test backends: PGlite always, PostgreSQL when `TEST_POSTGRES_URL` is set (and a missing URL is an
 * error when `ELIZA_SQL_REQUIRE_POSTGRES` is set; see {@link testPostgresUrl}). Without `connect`,
 * `open()` returns the fresh database's {@link TestDatabaseLocation}.
 */
export function createTestBackends(options?: LocationOptions): TestBackend<TestDatabaseLocation>[];
export function createTestBackends<Db>(options: TestBackendOptions<Db>): TestBackend<Db>[];
export function createTestBackends<Db>(
  options: TestBackendOptions<Db> | LocationOptions = {},
): TestBackend<Db | TestDatabaseLocation>[] {
  const full: TestBackendOptions<Db | TestDatabaseLocation> = options.connect
    ? (options as TestBackendOptions<Db | TestDatabaseLocation>)
    : { ...options, connect: async (location) => location };
  const prefix = full.databasePrefix ?? 'eliza_test';
  const pglite = createBackend(
    'pglite',
    async () => {
      if (full.pgliteStorage === 'disk') {
        const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
        return {
          location: { dataDir: join(dir, 'db') },
          remove: async () => rmSync(dir, { recursive: true, force: true }),
        };
      }
      return {
        location: { dataDir: `memory://${prefix}-${randomBytes(6).toString('hex')}` },
        remove: async () => {},
      };
    },
    full,
  );
  const serverUrl = testPostgresUrl();
  if (serverUrl === undefined) return [pglite];
  const postgres = createBackend(
    'postgres',
    async () => {
      const database: TestDatabase = await createTestDatabase(serverUrl, prefix);
      return { location: { postgresUrl: database.url }, remove: () => database.drop() };
    },
    full,
  );
  return [pglite, postgres];
}
