// about: abortOnFail on a custom counter stops the test early (exit 99)
// conformance: {}
import { Counter } from 'k6/metrics';
import { sleep } from 'k6';
const errors = new Counter('my_errors');
export const options = {
  scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '10s' } },
  thresholds: { my_errors: [{ threshold: 'count<3', abortOnFail: true }] },
};
export default function () {
  errors.add(1);
  sleep(0.05);
}
