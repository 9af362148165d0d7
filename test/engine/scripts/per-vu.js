import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
let mine = 0; // per-VU state: each VU has its own module instance
export const options = {
  scenarios: { each: { executor: 'per-vu-iterations', vus: 3, iterations: 4, tags: { kind: 'pv' } } },
  thresholds: { 'http_reqs{kind:pv}': ['count==12'], checks: ['rate==1'], 'iterations': ['count>100'] },
};
export default function () {
  mine++;
  const r = http.get(`${__ENV.BASE_URL}/health?vu=${__VU}&iter=${__ITER}&mine=${mine}&sc=${exec.scenario.name}`);
  check(r, { 'ok': (x) => x.status === 200 && x.json().status === 'ok' });
}
