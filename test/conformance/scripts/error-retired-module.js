// about: an experimental module k6 v2 graduated (k6/experimental/timers): v2 refuses the import in its own words without a stack (exit 107); v0.49 runs it
// conformance: {"counts":["iterations","fired"]}
import { Counter } from 'k6/metrics';
import { setTimeout } from 'k6/experimental/timers';
const fired = new Counter('fired');
export const options = { iterations: 2 };
export default function () {
  setTimeout(() => fired.add(1), 5);
}
