/** The `k6/data` module: SharedArray (built once per worker thread, read-only, shared by its VUs). */
import { GoError } from './go-error.js';

const sharedArrays = new Map<string, readonly unknown[]>();

export function createDataModule(inInit: () => boolean): Record<string, unknown> {
  class SharedArray {
    constructor(name: string, factory: () => unknown[]) {
      if (!inInit()) throw new GoError('new SharedArray must be called in the init context');
      if (typeof name !== 'string' || name === '') throw new Error('SharedArray needs a non-empty name as its first argument');
      let data = sharedArrays.get(name);
      if (!data) {
        const made = factory();
        if (!Array.isArray(made)) throw new Error(`SharedArray "${name}": the function must return an array`);
        // k6 stores elements as JSON, so VUs get plain data; freezing keeps it read-only like k6's.
        data = Object.freeze((JSON.parse(JSON.stringify(made)) as unknown[]).map((e) => deepFreeze(e)));
        sharedArrays.set(name, data);
      }
      return data as unknown as SharedArray;
    }
  }
  const mod = { SharedArray };
  return { ...mod, default: mod, __esModule: true };
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}
