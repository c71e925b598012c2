/** Who holds a data directory's lock, as written in its lock file. */
export interface DataDirLockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
}

/** Another live process (or another registry in this one) has the data directory open. */
export class PgliteDataDirLockedError extends Error {
  readonly code = 'PGLITE_DATA_DIR_LOCKED' as const;
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly holder: DataDirLockHolder,
  ) {
    super(
      `PGlite data directory ${dataDir} is in use by pid ${holder.pid} on ${holder.hostname} (since ${holder.startedAt}); ` +
        `PGlite is single-process: stop that process, or use another dataDir (lock file: ${lockFile})`,
    );
    this.name = 'PgliteDataDirLockedError';
  }
}
