import { CircuitOpenError, createDatabasePolicy } from '@eliza-sql/resilience';
import { testPostgresUrl } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createPgDriver, createPgPoolRegistry } from '../src/index.js';
import { canRunOwnPostgres, createOwnPostgres, type OwnPostgres } from './support/own-postgres.js';

// Runs with the other PostgreSQL suites, on a server of its own (it stops and restarts it).
const enabled = Boolean(testPostgresUrl()) && canRunOwnPostgres();

describe.runIf(enabled)('server outage and restart [postgres]', () => {
  let server: OwnPostgres;
  let driver: DatabaseDriver;
  beforeAll(async () => {
    server = await createOwnPostgres();
    driver = await createPgDriver({
      url: server.url,
      max: 2,
      connectTimeoutMs: 1000,
      registry: createPgPoolRegistry({ shutdownHooks: false }),
    });
  });
  afterAll(async () => {
    await driver?.close();
    await server?.destroy();
  });

  it('fails with CIRCUIT_OPEN once the breaker opens, and recovers after the restart in the same process', async () => {
    const policy = createDatabasePolicy({
      failureThreshold: 3,
      resetTimeout: 500,
      halfOpenMaxAttempts: 1,
      maxRetries: 0,
      baseDelay: 10,
      jitterMax: 0,
      connectionTimeout: 3000,
    });
    const call = () =>
      policy.execute(() => driver.query<{ one: number }>('select 1 as one'), { idempotent: true });
    await expect(call()).resolves.toEqual([{ one: 1 }]);

    await server.stop();
    const errors: unknown[] = [];
    for (let i = 0; i < 10; i++) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeDefined();
      errors.push(error);
      if (error instanceof CircuitOpenError) break;
    }
    const last = errors.at(-1);
    expect(last).toBeInstanceOf(CircuitOpenError);
    expect(last).toMatchObject({ code: 'CIRCUIT_OPEN' });
    // Before it opened, the calls failed with the driver's own (connection) errors.
    expect(errors.length).toBeGreaterThan(1);
    for (const error of errors.slice(0, -1)) expect(error).not.toBeInstanceOf(CircuitOpenError);

    await server.start();
    let recovered: unknown;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      recovered = await call().catch((e: unknown) => e);
      if (Array.isArray(recovered)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(recovered).toEqual([{ one: 1 }]);
    await expect(driver.ping()).resolves.toBeUndefined();
  });
});
