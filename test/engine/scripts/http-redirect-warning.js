import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
export default function () {
  const r = http.get(`${__ENV.BASE_URL}/chain/12`);
  check(r, { 'default limit of 10 redirects': (x) => x.status === 302 && x.url === `${__ENV.BASE_URL}/chain/2` });
}
