// about: hosts (exact, name:port, wildcard and alias keys), blockHostnames and blacklistIPs refused before any connection (every name maps to loopback, so nothing leaves the machine even if a block failed), discardResponseBodies, noConnectionReuse
// conformance: {"counts":["http_reqs","http_req_failed","checks"]}
import http from 'k6/http';
import { check } from 'k6';
const B = __ENV.BASE_URL;
const PORT = B.split(':')[2];
export const options = {
  iterations: 1,
  discardResponseBodies: true,
  noConnectionReuse: true,
  blacklistIPs: ['127.0.0.2/32', '127.0.0.128/25'],
  blockHostnames: ['*.blocked.test', 'exact.test'],
  hosts: {
    'ok.test': '127.0.0.1',
    '*.wild.test': '127.0.0.1',
    'alias.test': 'ok.test',
    'api.blocked.test': '127.0.0.1',
    'exact.test': '127.0.0.1',
    'bad.test': '127.0.0.2',
    'withport.test:81': `127.0.0.1:${PORT}`,
  },
};
export default function () {
  check(http.get(`${B}/json`), { 'body discarded': (x) => x.body === null && x.status === 200 });
  check(http.get(`${B}/json`, { responseType: 'text' }), { 'responseType text keeps the body': (x) => x.json('items.#') === 3 });
  for (const name of ['ok.test', 'a.wild.test', 'alias.test']) {
    check(http.get(`http://${name}:${PORT}/health`), { 'hosts maps a name to loopback': (x) => x.status === 200 && x.remote_ip === '127.0.0.1' });
  }
  check(http.get('http://withport.test:81/health'), { 'hosts maps name:port to ip:port': (x) => x.status === 200 && x.remote_port === Number(PORT) });
  for (const url of [`http://127.0.0.2:${PORT}/`, `http://127.0.0.200:${PORT}/`, `http://bad.test:${PORT}/`]) {
    check(http.get(url), { 'blacklisted IP refused': (x) => x.status === 0 && x.error_code === 1110 && x.error === 'ip is blacklisted' });
  }
  for (const url of [`http://api.blocked.test:${PORT}/`, `http://EXACT.test:${PORT}/`]) {
    check(http.get(url), { 'blocked hostname refused': (x) => x.status === 0 && x.error_code === 1111 && x.error === 'hostname is blocked' });
  }
}
