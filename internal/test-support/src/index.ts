export { testPostgresUrl } from './postgres-url.js';
export { createTestDatabase, type TestDatabase } from './test-database.js';
export { createFaultProxy, type FaultMode, type FaultProxy, type FaultProxyOptions } from './fault-proxy.js';
export { type SourceScript, spawnSourceScript } from './spawn-source-script.js';
export { expectOnePerProcess } from './expect-one-per-process.js';
