import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readTarArchive, type TarEntry, writeTarArchive } from './tar-archive.js';

/**
 * A cluster archive of your own (say, one with a schema already migrated, see {@link createClusterSeed}):
 * `seed()` is called only when a new database is needed and returns the archive (gzip'd or not), or
 * `undefined` to fall back to `'bundled'`.
 */
export interface PgliteSeed {
  readonly seed: () => Uint8Array | undefined;
}

/**
 * How a data directory that holds no database yet gets one:
 * - `'bundled'`: copy the cluster bundled with this package (what PGlite's initdb writes, made once at
 *   build time by `scripts/build-cluster-seed.mjs`), then open it: about a second faster than initdb.
 *   Falls back to initdb when the package was built without it.
 * - `'initdb'`: PGlite's own initdb, every time.
 * - a {@link PgliteSeed}: that archive.
 */
export type PgliteBootstrap = 'bundled' | 'initdb' | PgliteSeed;

/** Whether `value` is a valid {@link PgliteBootstrap}. */
export function isPgliteBootstrap(value: unknown): value is PgliteBootstrap {
  if (value === 'bundled' || value === 'initdb') return true;
  return typeof value === 'object' && value !== null && typeof (value as PgliteSeed).seed === 'function';
}

/** The uncompressed archive a bootstrap gives for a new database, or `undefined` for initdb. */
export function resolveBootstrapArchive(bootstrap: PgliteBootstrap): Uint8Array | undefined {
  if (bootstrap === 'initdb') return undefined;
  if (bootstrap === 'bundled') return readBundledClusterSeed();
  const archive = bootstrap.seed();
  if (archive === undefined) return readBundledClusterSeed();
  return archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
}

/** Where the build writes the seed; the same URL from `src/` (tests) and `dist/` (published). */
const BUNDLED_SEED = new URL('../dist/seed/pglite-cluster.tar.gz', import.meta.url);

/** Files never copied into a seed: runtime state of the instance that made it. */
const EXCLUDED = new Set(['postmaster.pid', 'postmaster.opts']);

/** The bundled cluster as an uncompressed archive, or `undefined` when this build has none. */
export function readBundledClusterSeed(): Uint8Array | undefined {
  let compressed: Buffer;
  try {
    compressed = readFileSync(BUNDLED_SEED);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return gunzipSync(compressed);
}

/** Archives the (closed) cluster in `dataDir` as a gzip'd seed, runtime files left out. */
export function createClusterSeed(dataDir: string): Uint8Array {
  const entries: TarEntry[] = [];
  const walk = (relative: string) => {
    const names = readdirSync(join(dataDir, relative)).sort();
    for (const name of names) {
      if (relative === '' && EXCLUDED.has(name)) continue;
      const path = relative ? `${relative}/${name}` : name;
      const stats = statSync(join(dataDir, path));
      if (stats.isDirectory()) {
        entries.push({ type: 'directory', path, mode: stats.mode });
        walk(path);
      } else {
        entries.push({ type: 'file', path, mode: stats.mode, data: readFileSync(join(dataDir, path)) });
      }
    }
  };
  walk('');
  return gzipSync(writeTarArchive(entries), { level: 9 });
}

/** Whether `dataDir` holds nothing yet (missing, or an empty directory): the only case a seed is used. */
export function isUnusedDataDir(dataDir: string): boolean {
  try {
    return readdirSync(dataDir).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** Removes `dir` if it exists; fails (ENOTEMPTY) rather than delete anything in it. */
function removeEmptyDir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Creates `dataDir` (which must be unused, see {@link isUnusedDataDir}) from `archive`. The files are
 * written to a sibling `<dataDir>.seeding-<pid>` and renamed into place, so a crash midway leaves no
 * partial cluster behind (the next seeding removes the leftover). The caller holds the data dir's lock.
 */
export function seedDataDir(dataDir: string, archive: Uint8Array): void {
  const parent = dirname(dataDir);
  const leftovers = `${basename(dataDir)}.seeding-`;
  mkdirSync(parent, { recursive: true });
  for (const name of readdirSync(parent)) {
    if (name.startsWith(leftovers)) rmSync(join(parent, name), { recursive: true, force: true });
  }
  const staging = join(parent, `${leftovers}${process.pid}`);
  try {
    mkdirSync(staging, { mode: 0o700 });
    for (const entry of readTarArchive(archive)) {
      const target = join(staging, entry.path);
      if (entry.type === 'directory') mkdirSync(target, { recursive: true, mode: entry.mode & 0o777 });
      else writeFileSync(target, entry.data, { mode: entry.mode & 0o777 });
    }
    removeEmptyDir(dataDir);
    renameSync(staging, dataDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
