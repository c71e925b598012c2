/**
 * `@eliza-sql/core-schema/driver/testing`: the driver contract as one test suite, for any backend's
 * driver. It loads no test runner: pass yours.
 *
 * ```ts
 * import { describeDriverContract } from '@eliza-sql/core-schema/driver/testing';
 * import { afterAll, beforeAll, describe, expect, it } from 'vitest';
 *
 * describeDriverContract(
 *   {
 *     name: 'mybackend', // the describe is `driver contract [mybackend]`
 *     backend: 'mybackend', // the capabilities.backend the driver must report
 *     setup: async () => ({ open: () => createMyDriver(...), teardown: async () => {} }),
 *   },
 *   { afterAll, beforeAll, describe, expect, it },
 * );
 * ```
 */
export {
  type DriverContractBackend,
  type DriverContractTarget,
  describeDriverContract,
} from './describe-driver-contract.js';
export type {
  ContractAssertion,
  ContractAsyncAssertion,
  ContractExpect,
  DriverContractTestApi,
} from './driver-contract-test-api.js';
