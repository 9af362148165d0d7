// about: cookies set by the server, the VU jar, jar.set, cookies in params, reset per iteration
// conformance: {"counts":["http_reqs","checks"]}
import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 2, vus: 1 };
const B = __ENV.BASE_URL;
export default function () {
  check(http.get(`${B}/cookies`), { 'jar empty at iteration start': (r) => r.body === '{}' });
  http.get(`${B}/cookies/set?session=s1&theme=dark`);
  check(http.get(`${B}/cookies`), { 'server cookies sent back': (r) => r.json('session') === 's1' && r.json('theme') === 'dark' });
  const jar = http.cookieJar();
  jar.set(B, 'manual', 'm1');
  check(jar.cookiesForURL(`${B}/`), { 'jar lists cookies': (c) => c.session[0] === 's1' && c.manual[0] === 'm1' });
  check(http.get(`${B}/cookies`, { cookies: { extra: 'e1' } }), { 'params cookies added': (r) => r.json('extra') === 'e1' && r.json('manual') === 'm1' });
  check(http.get(`${B}/cookies`, { cookies: { session: { value: 'over', replace: true } } }), { 'replace: true wins': (r) => r.json('session') === 'over' });
}
