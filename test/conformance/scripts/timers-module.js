// about: the timers module of each generation (k6 v2: k6/timers, v0.49: k6/experimental/timers), waited for at the end of setup, an iteration and teardown
// conformance: {"counts":["iterations","fired"]}
import { Counter } from 'k6/metrics';
import * as timers from 'k6/timers';
const fired = new Counter('fired');
export const options = { iterations: 2, vus: 1 };
export function setup() {
  timers.setTimeout(() => console.log('setup timer fired'), 10);
}
export default async function () {
  await new Promise((resolve) => timers.setTimeout(resolve, 5));
  timers.setTimeout(() => fired.add(1), 10);
}
export function teardown() {
  timers.setTimeout(() => console.log('teardown timer fired'), 10);
}
