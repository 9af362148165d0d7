import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
const B = __ENV.BASE_URL;
const names = (header) => header.split('; ').filter(Boolean).map((p) => p.split('=')[0]).sort().join(',');
export default function () {
  const jar = http.cookieJar();
  jar.set(B, 'gone', 'x');
  // root=1, scoped=2 (Path=/p), sec=3 (Secure), gone (Max-Age=0), old (past Expires),
  // future=6 (Expires in an hour), wins=7 (Max-Age 3600 beats a past Expires)
  const set = http.get(`${B}/set-cookies`);
  check(set, { 'Response.cookies': (r) => r.cookies.scoped[0].path === '/p' && r.cookies.sec[0].secure === true && r.cookies.gone[0].max_age === -1 });
  check(http.get(`${B}/echo-cookie`), { 'no Secure over http, no expired, no other path': (r) => names(r.body) === 'future,root,wins' });
  check(http.get(`${B}/p/echo-cookie`), { 'longer path first, then by age': (r) => r.body === 'scoped=2; root=1; future=6; wins=7' });
  check(http.get(`${B}/pq/echo-cookie`), { '/pq is not under /p': (r) => names(r.body) === 'future,root,wins' });
  check(jar.cookiesForURL(`${B.replace('http:', 'https:')}/`), { 'Secure cookie listed for https': (c) => c.sec[0] === '3' });
  check(jar.cookiesForURL(`${B}/`), { '... not for http': (c) => c.sec === undefined && c.root[0] === '1' });
  http.get(`${B}/dir/set`);
  check(http.get(`${B}/dir/echo-cookie`), { 'default path is the directory': (r) => r.body.includes('dirc=8') });
  check(http.get(`${B}/echo-cookie`), { '... and not above it': (r) => !r.body.includes('dirc') });

  const sent = http.get(`${B}/echo-cookie`, { cookies: { extra: 'e', root: { value: 'override', replace: true } } });
  check(sent, { 'params.cookies first; replace hides the jar cookie': (r) => r.body.startsWith('extra=e; root=override') && !r.body.includes('root=1') && r.request.cookies.root[0].value === 'override' });
  check(http.get(`${B}/echo-cookie`, { cookies: { root: 'mine' } }), { 'without replace both are sent': (r) => r.body.includes('root=mine') && r.body.includes('root=1') });

  jar.set('http://example.com/a/b', 'host', '1');
  jar.set('http://example.com/', 'dom', '2', { domain: 'example.com', path: '/', max_age: 600 });
  jar.set('http://example.com/', 'foreign', '3', { domain: 'other.com' });
  jar.set('http://example.com/', 'expired', '4', { expires: 'Mon, 02 Jan 2006 15:04:05 GMT' });
  check(jar.cookiesForURL('http://example.com/a/x'), { 'jar.set: host-only with default path, Domain, foreign and expired rejected': (c) => c.host[0] === '1' && c.dom[0] === '2' && !c.foreign && !c.expired });
  check(jar.cookiesForURL('http://sub.example.com/a/x'), { 'Domain cookies reach subdomains, host-only ones do not': (c) => c.dom[0] === '2' && !c.host });
  jar.delete('http://example.com/', 'dom');
  check(jar.cookiesForURL('http://sub.example.com/'), { 'jar.delete': (c) => !c.dom });
  jar.clear(`${B}/p/echo-cookie`);
  check(jar.cookiesForURL(`${B}/`), { 'jar.clear(url)': (c) => Object.keys(c).length === 0 });
  check(jar.cookiesForURL('http://example.com/a/'), { '... leaves other sites alone': (c) => c.host[0] === '1' });

  const own = new http.CookieJar();
  http.get(`${B}/set-cookies`, { jar: own });
  check(own.cookiesForURL(`${B}/`), { 'params.jar receives the cookies': (c) => c.root[0] === '1' });
  check(http.get(`${B}/echo-cookie`), { '... not the VU jar': (r) => r.body === '' });
  check(http.get(`${B}/echo-cookie`, { jar: own }), { '... and sends them': (r) => r.body.includes('root=1') });
}
