/**
 * The globals a k6 script can see. A VU runs the script in the worker thread's own realm, where
 * Node's globals live too (`process`, `Buffer`, `fetch`, `URL`, `setImmediate`…); k6 has none of
 * them, so a script that uses one would pass here and fail on k6. The script's function gets a
 * parameter, left undefined, for each of Node's globals k6 lacks: `typeof process` is
 * "undefined", as in k6. (Reached through `globalThis.process` they are still there.)
 *
 * The lists are `Object.getOwnPropertyNames(globalThis)` in a script on k6 v0.49.0 and v2.2.0.
 */
import type { K6Compat } from '../k6-compat.js';

const K6_V049_GLOBALS = [
  'AggregateError', 'Array', 'ArrayBuffer', 'Boolean', 'DataView', 'Date', 'Error', 'EvalError', 'Float32Array', 'Float64Array', 'Function',
  'GoError', 'Infinity', 'Int16Array', 'Int32Array', 'Int8Array', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object', 'Promise', 'Proxy',
  'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set', 'String', 'Symbol', 'SyntaxError', 'TypeError', 'URIError', 'Uint16Array',
  'Uint32Array', 'Uint8Array', 'Uint8ClampedArray', 'WeakMap', 'WeakSet', '__ENV', '__ITER', '__VU', 'console', 'decodeURI',
  'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'eval', 'global', 'globalThis', 'isFinite', 'isNaN', 'open',
  'parseFloat', 'parseInt', 'require', 'undefined', 'unescape',
];

/** What k6 v2 added: BigInt, the Encoding and Web Crypto APIs, the timers. */
const K6_V2_ADDED = ['BigInt', 'BigInt64Array', 'BigUint64Array', 'TextDecoder', 'TextEncoder', 'crypto', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'exports', 'module'];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Node's globals in this thread that the generation's k6 does not have, less `taken` (names the
 * VU passes the script itself), in a stable order.
 */
export function hiddenNodeGlobals(compat: K6Compat, taken: readonly string[]): string[] {
  const visible = new Set([...K6_V049_GLOBALS, ...(compat === 'v0.49' ? [] : K6_V2_ADDED), ...taken]);
  return Object.getOwnPropertyNames(globalThis)
    .filter((name) => IDENTIFIER.test(name) && !visible.has(name))
    .sort();
}
