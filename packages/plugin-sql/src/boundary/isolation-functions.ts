/**
 * The isolation functions as the package exports them: each behind {@link guardFunction}, so their
 * errors are ElizaSqlErrors without statement text or values, as the adapter's are.
 */
import * as dataIsolation from '../isolation/data-isolation.js';
import * as installRls from '../isolation/install-rls.js';
import { guardFunction } from './guard-function.js';

export const applyRLSToNewTables = guardFunction('applyRLSToNewTables', installRls.applyRLSToNewTables);
export const findUnisolatedTables = guardFunction('findUnisolatedTables', installRls.findUnisolatedTables);
export const installRLSFunctions = guardFunction('installRLSFunctions', installRls.installRLSFunctions);
export const uninstallRLS = guardFunction('uninstallRLS', installRls.uninstallRLS);
export const assignAgentToServer = guardFunction('assignAgentToServer', dataIsolation.assignAgentToServer);
export const getOrCreateRlsServer = guardFunction('getOrCreateRlsServer', dataIsolation.getOrCreateRlsServer);
export const installDataIsolation = guardFunction('installDataIsolation', dataIsolation.installDataIsolation);
export const setIsolationContext = guardFunction('setIsolationContext', dataIsolation.setIsolationContext);
export const setServerContext = guardFunction('setServerContext', dataIsolation.setServerContext);
export const uninstallDataIsolation = guardFunction(
  'uninstallDataIsolation',
  dataIsolation.uninstallDataIsolation,
);
