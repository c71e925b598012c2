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
