// about: an Error thrown in an iteration, fail(), a thrown string and a metric created outside the init context: each logged, the test goes on (exit 0)
// conformance: {"counts":["iterations","reached"]}
import { fail } from 'k6';
import { Counter } from 'k6/metrics';
const reached = new Counter('reached');
export const options = { iterations: 4 };
function inner() {
  throw new Error('broken iteration');
}
export default function () {
  reached.add(1);
  if (__ITER === 0) inner();
  if (__ITER === 1) fail('stopped here');
  if (__ITER === 2) new Counter('late_counter');
  throw 'a plain string';
}
