// Script exceptions of every kind, one scenario each: k6 logs each with goja's stack.
import { check, group } from 'k6';

const scenario = (exec) => ({ executor: 'per-vu-iterations', vus: 1, iterations: 1, exec });
export const options = {
  scenarios: {
    thrownString: scenario('thrownString'),
    nestedError: scenario('nestedError'),
    asyncError: scenario('asyncError'),
    asyncString: scenario('asyncString'),
    typeError: scenario('typeError'),
    inCallbacks: scenario('inCallbacks'),
    unhandled: scenario('unhandled'),
    byDefault: scenario('default'),
  },
};

function inner(kind) {
  if (kind === 'string') throw 'boom';
  throw new Error(`bad ${kind}`);
}
function outer(kind) {
  return inner(kind);
}
const obj = { method() { return outer('method'); } };

export function thrownString() { outer('string'); }
export function nestedError() { outer('nested'); }
export async function asyncError() { await outer('async'); }
export async function asyncString() { await outer('string'); }
export function typeError() { const missing = undefined; return missing.field; }
export function inCallbacks() {
  group('g', () => { check(1, { c: () => obj.method() }); });
}
export function unhandled() { Promise.reject('rejected, never awaited'); }
export default function () { [1].forEach(function () { outer('default'); }); }
