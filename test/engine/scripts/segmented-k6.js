// One test split across real k6 instances by execution segments (execution-segments-k6.test.ts):
// two exact-count executors and two arrival rates, one threshold the whole test passes and
// every instance alone fails, and one the whole test fails and every instance alone passes.
import http from 'k6/http';
export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 5, iterations: 60, exec: 'hit' },
    each: { executor: 'per-vu-iterations', vus: 4, iterations: 5, exec: 'hit' },
    rate: { executor: 'constant-arrival-rate', rate: 30, timeUnit: '1s', duration: '2s', preAllocatedVUs: 3, maxVUs: 6, exec: 'hit' },
    ramp: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', stages: [{ duration: '1s', target: 30 }], preAllocatedVUs: 3, exec: 'hit' },
  },
  thresholds: {
    // ~155 iterations in the whole test; one instance runs about a third.
    iterations: ['count>=100'],
    http_reqs: ['count<150'],
    'iterations{scenario:shared}': ['count==60'],
    'http_reqs{scenario:each}': ['count>=20'],
    'iterations{scenario:each}': ['count==20'],
    'iterations{scenario:rate}': ['count>=50'],
    'iterations{scenario:ramp}': ['count>=10'],
  },
};
export function hit() {
  http.get(`${__ENV.BASE_URL}/health`);
}
