import type { EmbeddingDimension } from '@eliza-sql/core-schema';
import { checkInput, type InputContext } from './input-kinds.js';
import { METHOD_INPUTS } from './method-inputs.js';
import type { PublicMethod } from './public-methods.js';

/** What validation reads of the adapter a method was called on. */
export interface ValidationTarget {
  getEmbeddingDimension(): EmbeddingDimension;
}

/**
 * Checks the arguments of one public call before any statement runs, against the method's entry in
 * {@link METHOD_INPUTS}; throws the typed error of the first bad value, named
 * `<method>: <parameter>.<field>`. Embeddings are checked against `target`'s active dimension.
 */
export function validateInputs(
  method: PublicMethod,
  args: readonly unknown[],
  target: ValidationTarget,
): void {
  const parameters = METHOD_INPUTS[method];
  if (parameters.length === 0) return;
  const context: InputContext = {
    get embeddingDimension() {
      return target.getEmbeddingDimension();
    },
  };
  parameters.forEach(([name, spec], index) => {
    checkInput(spec, `${method}: ${name}`, args[index], context);
  });
}
