/** Raised by every call on a driver after `close()` (or after process shutdown closed its pool). */
export class DriverClosedError extends Error {
  readonly code = 'DRIVER_CLOSED' as const;
  constructor(operation: string, options?: { cause?: unknown }) {
    super(
      `postgres driver is closed: cannot run ${operation}; open a new driver with createPgDriver()`,
      options,
    );
    this.name = 'DriverClosedError';
  }
}

/** Raised by `query` on a client of `connection.connect()` after its `release()`. */
export class ClientReleasedError extends Error {
  readonly code = 'CLIENT_RELEASED' as const;
  constructor() {
    super('connection client was released: cannot run query; take a new one with connection.connect()');
    this.name = 'ClientReleasedError';
  }
}

/** Raised by `createPgDriver` for an option that cannot work (empty URL, non-positive pool size...). */
export class InvalidPgDriverOptionsError extends Error {
  readonly code = 'INVALID_DRIVER_OPTIONS' as const;
  constructor(option: string, value: unknown, expected: string, options?: { cause?: unknown }) {
    super(`invalid postgres driver option ${option}=${JSON.stringify(value)}: expected ${expected}`, options);
    this.name = 'InvalidPgDriverOptionsError';
  }
}

/** Whether `error` is a {@link DriverClosedError} (by its stable code, so it works across package copies). */
export function isDriverClosedError(error: unknown): error is DriverClosedError {
  return error instanceof Error && (error as { code?: unknown }).code === 'DRIVER_CLOSED';
}
