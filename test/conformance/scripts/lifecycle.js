// about: init, setup data, default, teardown data and handleSummary in order; setup data is a copy per VU, and an array pushed to is back to its length at the next read
// conformance: {"counts":["iterations"],"stdout":true}
import { check } from 'k6';
export const options = { vus: 2, iterations: 4 };
export function setup() {
  console.log('setup');
  return { token: 'abc', list: [1, 2] };
}
export default function (data) {
  check(data, { 'setup data arrives': (d) => d.token === 'abc' && d.list.length === 2 });
  data.list.push(3);
}
export function teardown(data) {
  console.log(`teardown token=${data.token} list=${JSON.stringify(data.list)}`);
}
export function handleSummary(data) {
  const names = Object.keys(data.metrics).sort().join(',');
  return { stdout: `summary keys: ${Object.keys(data).sort().join(',')}\nmetrics: ${names}\n` };
}
