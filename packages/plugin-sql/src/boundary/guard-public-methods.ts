import { PUBLIC_METHODS, type PublicMethod } from './public-methods.js';
import { loggerOf, toPublicError } from '../error-mapping/to-public-error.js';
import { type ValidationTarget, validateInputs } from './validate-inputs.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** The few synchronous public methods; every other one returns a promise. */
const SYNCHRONOUS: ReadonlySet<PublicMethod> = new Set([
  'getDatabase',
  'getDataIsolation',
  'getEmbeddingDimension',
]);

function isPromiseLike(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Installs the call boundary on a class: each public method first validates its arguments, and every
 * error it raises (thrown or rejected) leaves through {@link toPublicError}. Applied once, to the
 * concrete adapter class; a method's own body never repeats either step.
 */
export function guardPublicMethods(target: { prototype: object }): void {
  for (const name of PUBLIC_METHODS) {
    const original = findMethod(target.prototype, name);
    Object.defineProperty(target.prototype, name, {
      configurable: true,
      writable: true,
      value: guarded(name, original),
    });
  }
}

function findMethod(prototype: object, name: PublicMethod): Method {
  for (let p: object | null = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const value = Object.getOwnPropertyDescriptor(p, name)?.value;
    if (typeof value === 'function') return value as Method;
  }
  throw new TypeError(`guardPublicMethods: the class has no method ${name}`);
}

function guarded(name: PublicMethod, original: Method): Method {
  return function (this: unknown, ...args: unknown[]): unknown {
    let result: unknown;
    try {
      validateInputs(name, args, this as ValidationTarget);
      result = original.apply(this, args);
    } catch (err) {
      // A promise-returning method reports even a synchronous failure as a rejection.
      const mapped = toPublicError(err, name, loggerOf(this));
      if (SYNCHRONOUS.has(name)) throw mapped;
      return Promise.reject(mapped);
    }
    return isPromiseLike(result)
      ? result.then(undefined, (err: unknown) => {
          throw toPublicError(err, name, loggerOf(this));
        })
      : result;
  };
}
