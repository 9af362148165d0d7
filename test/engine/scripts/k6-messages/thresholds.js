// Two thresholds cross (a Counter and a sub-metric), one holds: exit 99 and k6's line naming both, sorted.
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';

const visits = new Counter('visits');
export const options = {
  scenarios: { once: { executor: 'per-vu-iterations', vus: 1, iterations: 2 } },
  thresholds: { visits: ['count>100'], 'http_reqs{status:200}': ['count>100'], checks: ['rate>0.5'] },
};

export default function () {
  const res = http.get(`${__ENV.BASE_URL}/health`);
  check(res, { 'status is 200': (r) => r.status === 200 });
  visits.add(1);
}
