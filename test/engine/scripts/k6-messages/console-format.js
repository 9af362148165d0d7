// console.log's rendering of values: current k6 its Node-like way, k6 v0.49 as JSON.
export const options = { scenarios: { once: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } } };

export default function () {
  console.log('text', 1.5, -0, NaN, null, undefined, true, [1, 'two'], { a: [1, 2], b: { c: 'd' } }, [], {});
  console.log(new Error('as value'), { e: new TypeError('inside') }, new Date(0), function f() {}, Symbol('s'));
  console.log({ u: undefined, s: 'q"uote', arr: [undefined, null, Infinity], deep: { a: { b: { c: { d: 1 } } } } });
  const cycle = { name: 'c' };
  cycle.self = cycle;
  console.log(cycle, new Map([[1, 2]]), new Set([1]), /re/g, new Uint8Array([1, 2]));
  console.log('%s and %d', 'no', 'printf');
}
