// about: constant-vus (2 VUs for 1 s) beside ramping-vus (1 → 3 → 0 over 1.2 s), sleeping 100 ms per iteration
// conformance: {"checks":"shape"}
import http from 'k6/http';
import { check, sleep } from 'k6';
export const options = {
  scenarios: {
    steady: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '1s' },
    ramp: { executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '600ms', target: 3 }, { duration: '600ms', target: 0 }], gracefulRampDown: '0s' },
  },
};
export default function () {
  check(http.get(`${__ENV.BASE_URL}/health`), { 'status 200': (r) => r.status === 200 });
  sleep(0.1);
}
