// about: exec.test.abort() in setup: no iteration runs
// conformance: {"counts":["iterations"]}
import exec from 'k6/execution';
export const options = { iterations: 3 };
export function setup() {
  exec.test.abort();
}
export default function () {}
