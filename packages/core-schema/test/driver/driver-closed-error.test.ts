import { describe, expect, it } from 'vitest';
import { DriverClosedError, isDriverClosedError } from '../../src/driver/index.js';

describe('DriverClosedError', () => {
  it('names the backend, the refused call and the factory to reopen with; keeps its cause', () => {
    const cause = new Error('pool ended');
    const error = new DriverClosedError('transaction', {
      backend: 'postgres',
      factory: 'createPgDriver',
      cause,
    });
    expect(error).toMatchObject({
      code: 'DRIVER_CLOSED',
      name: 'DriverClosedError',
      operation: 'transaction',
      cause,
    });
    expect(error.message).toBe(
      'postgres driver is closed: cannot run transaction; open a new driver with createPgDriver()',
    );
  });

  it('is recognised by its code, also from another copy of the package', () => {
    const foreign = Object.assign(new Error('closed elsewhere'), { code: 'DRIVER_CLOSED' });
    expect(isDriverClosedError(new DriverClosedError('query', { backend: 'pglite', factory: 'x' }))).toBe(
      true,
    );
    expect(isDriverClosedError(foreign)).toBe(true);
    expect(isDriverClosedError(Object.assign(new Error('other'), { code: 'CLIENT_RELEASED' }))).toBe(false);
    expect(isDriverClosedError({ code: 'DRIVER_CLOSED' })).toBe(false);
  });
});
