// about: what a VU sees when it mutates setup() data: its own copy, kept across its iterations (objects: sets, adds, deletes stay; arrays: element writes and shortening stay, push does not), a fresh copy for another VU, the original in teardown
// conformance: {"counts":["iterations"],"unstable":["vus","vus_max"]}
import exec from 'k6/execution';
export const options = {
  scenarios: {
    first: { executor: 'per-vu-iterations', vus: 1, iterations: 3 },
    second: { executor: 'per-vu-iterations', vus: 1, iterations: 1, startTime: '1s', exec: 'second' },
  },
};
export function setup() {
  return { a: [1, 2], b: [1, 2], c: [{ x: 1 }], d: [1, 2], e: [1, 2], f: 'str', g: { h: 1 }, nested: [[1]], p: [1, 2, 3] };
}
function show(data, tag) {
  const keys = Object.keys(data).sort();
  console.log(`${tag}: ` + keys.map((k) => `${k}=${JSON.stringify(data[k])}`).join(' ') + ` isArray=${Array.isArray(data.a)}`);
}
export default function (data) {
  show(data, `first iteration ${exec.vu.iterationInScenario}`);
  data.a.push(3);
  const held = data.a;
  held.push(4);
  console.log(`pushed in hand: ${held.length} ${JSON.stringify(held)}; read again: ${data.a.length}`);
  data.b[0] = data.b[0] * 10;
  data.c[0].x++;
  data.d.length = 1;
  data.e = data.e.concat([9]);
  data.f += '!';
  delete data.g.h;
  data.nested[0].push(2);
  data.p.pop();
  data.added = true;
}
export function second(data) {
  show(data, 'another VU');
}
export function teardown(data) {
  show(data, 'teardown');
}
