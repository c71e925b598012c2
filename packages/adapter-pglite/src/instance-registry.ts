import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { vector } from '@electric-sql/pglite/vector';
import type { TransactionScope } from './pglite-executor.js';
import { keepByteOrderMarks } from './keep-byte-order-marks.js';
import { usePreparedStatements } from './prepared-statements.js';
import { installRowParsers } from './row-parsers.js';
import {
  isUnusedDataDir,
  type PgliteBootstrap,
  resolveBootstrapArchive,
  seedDataDir,
} from './cluster-seed.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';

/** The extensions every instance loads: the core schema's (`CORE_EXTENSIONS` of the driver seam). */
export const PGLITE_EXTENSIONS = { vector, fuzzystrmatch };

/** One driver's hold on a shared PGlite instance. */
export interface PgliteLease {
  readonly pglite: PGlite;
  /** The instance's open-transaction tracker, shared by every driver on it. */
  readonly scope: AsyncLocalStorage<TransactionScope>;
  /** Gives the hold back; the last release closes the instance and frees the data dir. Idempotent. */
  release(): Promise<void>;
}

/** What `entries` shows for one open instance. */
export interface PgliteInstanceRegistryEntry {
  /** `memory://...` as given, or the absolute data dir path. */
  readonly dataDir: string;
  readonly refs: number;
  /** The lock file held for it (none for memory://). */
  readonly lockFile?: string;
}

/** The PGlite instances of one process (or of one test), reference-counted by the drivers using them. */
export interface PgliteInstanceRegistry {
  /**
   * Opens (or shares) the instance for `dataDir`; rejects with `PGLITE_DATA_DIR_LOCKED` if another holds
   * it. `options` apply when this call opens the instance.
   */
  acquire(dataDir: string, options?: PgliteOpenOptions): Promise<PgliteLease>;
  /** Number of open (or opening) instances. */
  readonly size: number;
  readonly entries: readonly PgliteInstanceRegistryEntry[];
}

/** How {@link PgliteInstanceRegistry.acquire} opens an instance it does not have yet. */
export interface PgliteOpenOptions {
  /** How a data dir without a database gets one (default `'bundled'`); see {@link PgliteBootstrap}. */
  readonly bootstrap?: PgliteBootstrap;
}

interface InstanceEntry {
  readonly key: string;
  readonly scope: AsyncLocalStorage<TransactionScope>;
  refs: number;
  lock?: DataDirLock;
  opening: Promise<PGlite>;
}

/** `memory://` dirs are keyed as written (`memory://a` and `memory://b` are separate); paths by absolute path. */
function keyOf(dataDir: string): string {
  return dataDir.startsWith('memory://') ? dataDir : resolve(dataDir);
}

/** A fresh, independent registry (tests, isolation). Most code wants {@link getPgliteInstanceRegistry}. */
export function createPgliteInstanceRegistry(): PgliteInstanceRegistry {
  const instances = new Map<string, InstanceEntry>();
  /** Instances still closing, so reopening the same dir waits for the files and lock to be released. */
  const closing = new Map<string, Promise<void>>();

  const open = async (entry: InstanceEntry, options: PgliteOpenOptions): Promise<PGlite> => {
    await closing.get(entry.key);
    const inMemory = entry.key.startsWith('memory://');
    if (!inMemory) {
      mkdirSync(dirname(entry.key), { recursive: true });
      entry.lock = acquireDataDirLock(entry.key);
    }
    let pglite: PGlite | undefined;
    try {
      const needsCluster = inMemory || isUnusedDataDir(entry.key);
      const seed = needsCluster ? resolveBootstrapArchive(options.bootstrap ?? 'bundled') : undefined;
      if (!inMemory) {
        if (seed) seedDataDir(entry.key, seed);
        else mkdirSync(entry.key, { recursive: true });
      }
      pglite = await PGlite.create(entry.key, {
        extensions: PGLITE_EXTENSIONS,
        ...(inMemory && seed ? { loadDataDir: new Blob([seed]) } : {}),
      });
      keepByteOrderMarks(pglite);
      await installRowParsers(pglite);
      usePreparedStatements(pglite);
      return pglite;
    } catch (error) {
      await pglite?.close().catch(() => {}); // the open error is the one to report
      entry.lock?.release();
      throw error;
    }
  };

  const release = async (entry: InstanceEntry): Promise<void> => {
    entry.refs--;
    if (entry.refs > 0) return;
    instances.delete(entry.key);
    const done = entry.opening
      .then((pglite) => pglite.close())
      .finally(() => {
        entry.lock?.release();
        if (closing.get(entry.key) === done) closing.delete(entry.key);
      });
    closing.set(entry.key, done);
    await done;
  };

  return {
    async acquire(dataDir, options = {}) {
      const key = keyOf(dataDir);
      let entry = instances.get(key);
      if (!entry) {
        const created: InstanceEntry = {
          key,
          scope: new AsyncLocalStorage<TransactionScope>(),
          refs: 0,
          opening: Promise.resolve(undefined as never),
        };
        created.opening = open(created, options);
        instances.set(key, created);
        entry = created;
      }
      entry.refs++;
      const held = entry;
      let pglite: PGlite;
      try {
        pglite = await held.opening;
      } catch (error) {
        held.refs--;
        if (instances.get(key) === held) instances.delete(key);
        throw error;
      }
      let released = false;
      return {
        pglite,
        scope: held.scope,
        async release() {
          if (released) return;
          released = true;
          await release(held);
        },
      };
    },
    get size() {
      return instances.size;
    },
    get entries() {
      return [...instances.values()].map(({ key, refs, lock }) => ({
        dataDir: key,
        refs,
        ...(lock ? { lockFile: lock.lockFile } : {}),
      }));
    },
  };
}

const REGISTRY_KEY = Symbol.for('@eliza-sql/adapter-pglite/registry');

/**
 * The process-wide registry, kept on `globalThis` under `Symbol.for('@eliza-sql/adapter-pglite/registry')`
 * so two copies of this package in one process still share one instance per data dir.
 */
export function getPgliteInstanceRegistry(): PgliteInstanceRegistry {
  const holder = globalThis as { [REGISTRY_KEY]?: PgliteInstanceRegistry };
  holder[REGISTRY_KEY] ??= createPgliteInstanceRegistry();
  return holder[REGISTRY_KEY];
}
