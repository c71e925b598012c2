/** A restore was pointed at a directory that already holds files (it never overwrites a database). */
export class PgliteDataDirNotEmptyError extends Error {
  readonly code = 'PGLITE_DATA_DIR_NOT_EMPTY' as const;
  constructor(readonly dataDir: string) {
    super(
      `PGlite data directory ${dataDir} is not empty; restore only into a missing or empty directory ` +
        '(move the existing one aside first)',
    );
    this.name = 'PgliteDataDirNotEmptyError';
  }
}
