import { CircuitOpenError, createDatabasePolicy } from '@eliza-sql/resilience';
import { createFaultProxy, type FaultProxy, testPostgresUrl } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createPgDriver, createPgPoolRegistry } from '../src/index.js';

const postgresUrl = testPostgresUrl();

/**
 * The outage is made by a TCP proxy in front of the test server (every connection cut, new ones
 * refused, then forwarding again), so it runs against any PostgreSQL the suite runs against, without
 * stopping a server others use.
 */
describe.runIf(Boolean(postgresUrl))('server outage and restart [postgres]', () => {
  let proxy: FaultProxy;
  let driver: DatabaseDriver;
  const server = {
    stop: async () => {
      proxy.cutAll();
      await proxy.refuse();
    },
    start: () => proxy.resume(),
  };
  beforeAll(async () => {
    const target = new URL(postgresUrl ?? '');
    proxy = await createFaultProxy({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
    driver = await createPgDriver({
      url: proxy.rewrite(postgresUrl ?? ''),
      max: 2,
      connectTimeoutMs: 1000,
      registry: createPgPoolRegistry({ shutdownHooks: false }),
    });
  });
  afterAll(async () => {
    await driver?.close();
    await proxy?.close();
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
