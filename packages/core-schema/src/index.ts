export type { DatabaseDriver, DriverCapabilities, DrizzleDatabase, Row, SqlExecutor } from './driver.js';
