// setup(), one iteration, teardown(): k6 v0.49 timed all three as iteration_duration, k6 v1+ the iteration only.
export const options = { iterations: 1 };
export function setup() {
  if (__ENV.FAIL_SETUP) throw new Error('setup fails');
}
export default function () {}
export function teardown() {}
