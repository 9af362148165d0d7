// about: shared-iterations (2 VUs share 6) and per-vu-iterations (3 VUs × 2, after 200 ms): fixed counts per scenario
// conformance: {"counts":["iterations","http_reqs","checks"]}
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
const seen = new Counter('vu_seen');
export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 2, iterations: 6, maxDuration: '10s' },
    each: { executor: 'per-vu-iterations', vus: 3, iterations: 2, startTime: '200ms' },
  },
  thresholds: { 'iterations{scenario:shared}': ['count==6'], 'iterations{scenario:each}': ['count==6'] },
};
export default function () {
  seen.add(__VU);
  check(http.get(`${__ENV.BASE_URL}/json`), { 'json name': (r) => r.json('name') === 'loadgate' });
}
