export { testPostgresUrl } from './postgres-url.js';
export { createTestDatabase, type TestDatabase } from './test-database.js';
