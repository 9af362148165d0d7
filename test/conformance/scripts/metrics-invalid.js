// about: a custom metric created outside the init context, and a bad metric name
// conformance: {}
import { Counter } from 'k6/metrics';
export const options = { iterations: 1 };
export default function () {
  new Counter('late_counter');
}
