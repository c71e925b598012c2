/** Who raises a {@link DriverClosedError}: named in its message so the reader knows what to reopen. */
export interface DriverClosedErrorOptions {
  /** The backend's name, as in `capabilities.backend` (`postgres`, `pglite`, ...). */
  readonly backend: string;
  /** The factory that opens a new driver (`createPgDriver`), named in the message. */
  readonly factory: string;
  readonly cause?: unknown;
}

/** Raised by every call on a driver after its `close()` (or after shutdown released its backend). */
export class DriverClosedError extends Error {
  readonly code = 'DRIVER_CLOSED' as const;
  /** The call that was refused (`query`, `transaction`, `connection.query`, ...). */
  readonly operation: string;

  constructor(operation: string, options: DriverClosedErrorOptions) {
    super(
      `${options.backend} driver is closed: cannot run ${operation}; open a new driver with ${options.factory}()`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'DriverClosedError';
    this.operation = operation;
  }
}

/** Whether `error` is a {@link DriverClosedError}, by its stable code (so it works across package copies). */
export function isDriverClosedError(error: unknown): error is DriverClosedError {
  return error instanceof Error && (error as { code?: unknown }).code === 'DRIVER_CLOSED';
}
