// about: a request past params.timeout and one to a port nothing listens on: status 0, error codes, Request Failed warnings
// conformance: {"counts":["http_reqs","checks","http_req_failed"]}
import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
export default function () {
  const slow = http.get(`${__ENV.BASE_URL}/slow?ms=1500`, { timeout: '300ms' });
  check(slow, { 'timeout: status 0': (x) => x.status === 0, 'timeout: error_code 1050': (x) => x.error_code === 1050, 'timeout: error text': (x) => x.error.includes('timeout') });
  const refused = http.get('http://127.0.0.1:1/refused');
  check(refused, { 'refused: status 0': (x) => x.status === 0, 'refused: error_code 1212': (x) => x.error_code === 1212 });
}
