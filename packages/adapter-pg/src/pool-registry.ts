import postgres, { type Sql } from 'postgres';
import { installShutdownHooks, type ShutdownHooks } from './shutdown-hooks.js';
import { arrayParsers } from './normalize-rows.js';

/** Everything that identifies a pool: drivers asking for equal options share one. */
export interface PgPoolOptions {
  readonly url: string;
  readonly max: number;
  readonly idleTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly prepare: boolean;
  readonly applicationName?: string | undefined;
}

/** One driver's hold on a shared pool. */
export interface PgPoolLease {
  readonly sql: Sql;
  /** True once the pool has been ended (by the last release or by process shutdown). */
  readonly ended: boolean;
  /** Gives the hold back; the last release ends the pool. Idempotent. */
  release(): Promise<void>;
}

/** What `entries` shows for one open pool (the URL's password is masked). */
export interface PgPoolRegistryEntry {
  readonly url: string;
  readonly options: Omit<PgPoolOptions, 'url'>;
  readonly refs: number;
}

/** The pools of one process (or of one test), reference-counted by the drivers using them. */
export interface PgPoolRegistry {
  acquire(options: PgPoolOptions): PgPoolLease;
  /** Number of open pools. */
  readonly size: number;
  readonly entries: readonly PgPoolRegistryEntry[];
  /** Ends every open pool (waiting up to `timeoutSeconds` for in-flight queries); later queries fail. */
  closeAll(timeoutSeconds?: number): Promise<void>;
}

export interface PgPoolRegistryOptions {
  /** Install SIGINT/SIGTERM/beforeExit hooks while a pool is open (default true). */
  readonly shutdownHooks?: boolean;
  /** Upper bound for closing pools at shutdown, in ms (default 5000). */
  readonly shutdownTimeoutMs?: number;
}

interface PoolEntry {
  readonly options: PgPoolOptions;
  readonly sql: Sql;
  refs: number;
  ended: boolean;
  ending?: Promise<void>;
}

function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable url>';
  }
}

/** A fresh, independent registry (tests, isolation). Most code wants {@link getPgPoolRegistry}. */
export function createPgPoolRegistry(registryOptions: PgPoolRegistryOptions = {}): PgPoolRegistry {
  const pools = new Map<string, PoolEntry>();
  const shutdownTimeoutMs = registryOptions.shutdownTimeoutMs ?? 5000;
  let hooks: ShutdownHooks | undefined;

  const end = (key: string, entry: PoolEntry, timeoutSeconds: number): Promise<void> => {
    if (pools.get(key) === entry) pools.delete(key);
    entry.ended = true;
    entry.ending ??= entry.sql.end({ timeout: timeoutSeconds });
    if (pools.size === 0) {
      hooks?.uninstall();
      hooks = undefined;
    }
    return entry.ending;
  };

  const registry: PgPoolRegistry = {
    acquire(options) {
      const key = JSON.stringify([
        options.url,
        options.max,
        options.idleTimeoutMs,
        options.connectTimeoutMs,
        options.prepare,
        options.applicationName ?? null,
      ]);
      let entry = pools.get(key);
      if (!entry) {
        const sql = postgres(options.url, {
          max: options.max,
          idle_timeout: options.idleTimeoutMs / 1000,
          connect_timeout: options.connectTimeoutMs / 1000,
          prepare: options.prepare,
          // postgres.js's own array parsers (fetch_types) break on NULL elements: ours are installed below.
          fetch_types: false,
          onnotice: () => {},
          ...(options.applicationName ? { connection: { application_name: options.applicationName } } : {}),
        });
        // Before any statement is described (postgres.js binds a column's parser when it describes it).
        Object.assign(sql.options.parsers, arrayParsers());
        entry = { options, sql, refs: 0, ended: false };
        pools.set(key, entry);
        if (!hooks && registryOptions.shutdownHooks !== false) {
          hooks = installShutdownHooks(() => registry.closeAll(shutdownTimeoutMs / 1000), shutdownTimeoutMs);
        }
      }
      entry.refs++;
      const held = entry;
      let released = false;
      return {
        sql: held.sql,
        get ended() {
          return held.ended;
        },
        async release() {
          if (released) return;
          released = true;
          held.refs--;
          if (held.refs === 0) await end(key, held, 5);
          else await held.ending;
        },
      };
    },
    get size() {
      return pools.size;
    },
    get entries() {
      return [...pools.values()].map(({ options: { url, ...options }, refs }) => ({
        url: maskUrl(url),
        options,
        refs,
      }));
    },
    async closeAll(timeoutSeconds = 5) {
      await Promise.all([...pools.entries()].map(([key, entry]) => end(key, entry, timeoutSeconds)));
    },
  };
  return registry;
}

const REGISTRY_KEY = Symbol.for('@eliza-sql/adapter-pg/registry');

/**
 * The process-wide registry, kept on `globalThis` under `Symbol.for('@eliza-sql/adapter-pg/registry')`
 * so two copies of this package in one process still share pools and shutdown hooks.
 */
export function getPgPoolRegistry(): PgPoolRegistry {
  const holder = globalThis as { [REGISTRY_KEY]?: PgPoolRegistry };
  holder[REGISTRY_KEY] ??= createPgPoolRegistry();
  return holder[REGISTRY_KEY];
}
