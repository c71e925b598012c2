/** Raised by `query` on a client of `connection.connect()` after its `release()`. */
export class ClientReleasedError extends Error {
  readonly code = 'CLIENT_RELEASED' as const;
  constructor() {
    super('connection client was released: cannot run query; take a new one with connection.connect()');
    this.name = 'ClientReleasedError';
  }
}
