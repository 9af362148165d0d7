// about: redirects followed by default, capped by options.maxRedirects and params.redirects
// conformance: {"counts":["http_reqs","checks"]}
import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1, maxRedirects: 3 };
const B = __ENV.BASE_URL;
export default function () {
  const capped = http.get(`${B}/redirect/5`);
  check(capped, { 'maxRedirects stops the chain': (r) => r.status === 302 && r.url === `${B}/redirect/2` });
  const full = http.get(`${B}/redirect/4`, { redirects: 10 });
  check(full, { 'params.redirects overrides': (r) => r.status === 200 && r.url === `${B}/health` });
  const none = http.get(`${B}/redirect/1`, { redirects: 0 });
  check(none, { 'redirects 0 returns the 302': (r) => r.status === 302 && r.headers.Location === '/redirect/0' });
  const see = http.post(`${B}/status/303`, 'payload');
  check(see, { '303 turns POST into GET': (r) => r.json('method') === 'GET' && r.json('bodyLength') === 0 });
  check(see, { 'Referer on the redirect': (r) => r.json('headers').referer === `${B}/status/303` });
}
