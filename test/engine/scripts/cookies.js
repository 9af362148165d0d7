import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 2 };
export default function () {
  const first = http.get(`${__ENV.BASE_URL}/cookie`);
  check(first, { 'no cookie at iteration start': (r) => r.body === '' });
  const second = http.get(`${__ENV.BASE_URL}/cookie`);
  check(second, { 'cookie sent back': (r) => r.body === 'session=abc' });
  check(http.cookieJar().cookiesForURL(`${__ENV.BASE_URL}/`), { 'jar lists it': (c) => c.session[0] === 'abc' });
}
