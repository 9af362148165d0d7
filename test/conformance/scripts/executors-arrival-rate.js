// about: constant-arrival-rate (10/s for 1 s) beside ramping-arrival-rate (0 → 20/s over 1 s, then 20/s for 500 ms: past k6's 1 s vus sampling tick), on pre-allocated VUs
// conformance: {"checks":"shape","unstable":["dropped_iterations"]}
import http from 'k6/http';
import { check } from 'k6';
export const options = {
  scenarios: {
    constant: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '1s', preAllocatedVUs: 2, maxVUs: 2 },
    ramp: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 2, maxVUs: 4, stages: [{ duration: '1s', target: 20 }, { duration: '500ms', target: 20 }] },
  },
};
export default function () {
  check(http.get(`${__ENV.BASE_URL}/health`), { 'status 200': (r) => r.status === 200 });
}
