export { createDatabasePolicy } from './create-database-policy.js';
export type {
  BreakEvent,
  CircuitStateName,
  DatabasePolicy,
  HalfOpenEvent,
  PolicyStats,
  ResetEvent,
  RetryEvent,
  TimeoutEvent,
} from './database-policy.js';
export {
  DEFAULT_POLICY_OPTIONS,
  type DatabasePolicyOptions,
  type ExecuteOptions,
} from './database-policy-options.js';
export {
  CircuitOpenError,
  InvalidPolicyOptionError,
  isCircuitOpenError,
  isPolicyTimeoutError,
  PolicyTimeoutError,
  type ResilienceErrorCode,
} from './errors.js';
export { isConnectFailure } from './is-connect-failure.js';
export { isTransientDatabaseError } from './is-transient-database-error.js';
export { retryDelay } from './jittered-backoff.js';
export type { Subscription } from './listeners.js';
