// Errors from k6's own functions: GoError, with the native frame goja shows; a check whose function throws fails.
import { check, fail } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';

const scenario = (fn) => ({ executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: fn });
export const options = {
  scenarios: { failing: scenario('failing'), lateMetric: scenario('lateMetric'), lateOpen: scenario('lateOpen'), throwingCheck: scenario('throwingCheck') },
};

export function setup() {
  try {
    console.log(exec.scenario.name);
  } catch (e) {
    console.log(`setup: ${e.name}: ${e.message}; __ITER is ${typeof __ITER}`);
  }
}
export function failing() { fail('stopped here'); }
export function lateMetric() { new Counter('late'); }
export function lateOpen() { open('data.txt'); }
export function throwingCheck() { check(1, { throws: () => { throw new Error('in check'); }, never: () => true }); }
