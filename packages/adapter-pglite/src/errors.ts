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

/** Raised by `createPgliteDriver` for an option that cannot work. */
export class InvalidPgliteDriverOptionsError extends Error {
  readonly code = 'INVALID_DRIVER_OPTIONS' as const;
  constructor(option: string, value: unknown, expected: string, options?: { cause?: unknown }) {
    super(`invalid pglite driver option ${option}=${JSON.stringify(value)}: expected ${expected}`, options);
    this.name = 'InvalidPgliteDriverOptionsError';
  }
}
