/**
 * `list.forEach(fn)` and `list.map(fn)` where `fn` makes blocking calls, in a script
 * rewritten to await them (script/asyncify.ts): the rewrite turns the call into
 * `await __loadgateEach(list).forEach(fn)`, and this runs the callbacks one after the
 * other, each awaited, with the arguments and order the built-in would give.
 */
export const EACH_HELPER = '__loadgateEach';

type Callback = (value: unknown, key: unknown, list: unknown) => unknown;

interface AwaitedEach {
  forEach(callback: Callback, thisArg?: unknown): Promise<void>;
  map(callback: Callback, thisArg?: unknown): Promise<unknown[]>;
}

function isIndexed(list: unknown): list is ArrayLike<unknown> {
  return Array.isArray(list) || (ArrayBuffer.isView(list) && !(list instanceof DataView));
}

export function awaitedEach(list: unknown): AwaitedEach {
  return {
    async forEach(callback, thisArg) {
      check(list, 'forEach', callback);
      if (isIndexed(list)) {
        // As Array.prototype.forEach: the length is read once, holes are skipped.
        const length = list.length;
        for (let i = 0; i < length; i++) if (i in list) await callback.call(thisArg, list[i], i, list);
      } else if (list instanceof Map) {
        for (const [key, value] of list) await callback.call(thisArg, value, key, list);
      } else if (list instanceof Set) {
        for (const value of list) await callback.call(thisArg, value, value, list);
      } else {
        throw unsupported(list, 'forEach');
      }
    },
    async map(callback, thisArg) {
      check(list, 'map', callback);
      if (!Array.isArray(list)) throw unsupported(list, 'map');
      const length = list.length;
      const out = new Array<unknown>(length);
      for (let i = 0; i < length; i++) if (i in list) out[i] = await callback.call(thisArg, list[i], i, list);
      return out;
    },
  };
}

/** The built-in's own errors: no such method, or a callback that is not a function. */
function check(list: unknown, method: 'forEach' | 'map', callback: unknown): void {
  if (list === null || list === undefined) throw new TypeError(`Cannot read properties of ${String(list)} (reading '${method}')`);
  if (typeof (list as Record<string, unknown>)[method] !== 'function') throw new TypeError(`${describe(list)}.${method} is not a function`);
  if (typeof callback !== 'function') throw new TypeError(`${String(callback)} is not a function`);
}

function unsupported(list: unknown, method: string): TypeError {
  return new TypeError(`${method}() on a value of type ${describe(list)} cannot await a callback that makes blocking calls; run this script with --vu-threads per-vu`);
}

function describe(list: unknown): string {
  return (list as object)?.constructor?.name ?? typeof list;
}
