// Libraries loaded when first needed instead of at start-up: a run that never needs one never pays for it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A function giving the package `specifier`, required on its first call (synchronously, so callers stay
 * synchronous) and the same module after. For CommonJS packages; every module here resolves them alike.
 */
export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(specifier) as T;
    return loaded;
  };
}
