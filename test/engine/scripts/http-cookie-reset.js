import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 2, noCookiesReset: true };
export default function () {
  const r = http.get(`${__ENV.BASE_URL}/cookie-once`);
  check(r, { 'noCookiesReset keeps the jar': (x) => x.body === (__ITER === 0 ? '' : 'kept=1') });
}
