import http from 'k6/http';
import { check } from 'k6';
import { Trend } from 'k6/metrics';
const t = new Trend('custom_wait', true);
export const options = {
  scenarios: { a: { executor: 'shared-iterations', vus: 4, iterations: 40 } },
  thresholds: { http_req_duration: ['p(95)<5000'], 'custom_wait': ['max>=0'] },
};
export default async function () {
  const [a, b] = await Promise.all([http.asyncRequest('GET', `${__ENV.BASE_URL}/health`), http.asyncRequest('POST', `${__ENV.BASE_URL}/echo`, JSON.stringify({ n: 1 }), { headers: { 'Content-Type': 'application/json' } })]);
  check(a, { 'a 200': (r) => r.status === 200 });
  check(b, { 'b echoed': (r) => r.status === 200 && r.json().n === 1 });
  t.add(a.timings.waiting);
}
