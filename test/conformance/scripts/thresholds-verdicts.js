// about: thresholds that pass and thresholds that fail (exit 99) on built-in metrics
// conformance: {"counts":["http_reqs","checks"]}
import http from 'k6/http';
import { check } from 'k6';
export const options = {
  iterations: 4,
  thresholds: {
    http_req_duration: ['p(95)<5000', 'max>=0'],
    http_req_failed: ['rate<0.5'],
    checks: ['rate>0.9'],
    iterations: ['count==4'],
  },
};
export default function () {
  const r = http.get(`${__ENV.BASE_URL}/health`);
  check(r, { 'status 200': (x) => x.status === 200, 'never true': () => false });
}
