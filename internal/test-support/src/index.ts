export { testPostgresUrl } from './postgres-url.js';
export { createTestDatabase, type TestDatabase } from './test-database.js';
export { createFaultProxy, type FaultMode, type FaultProxy, type FaultProxyOptions } from './fault-proxy.js';
