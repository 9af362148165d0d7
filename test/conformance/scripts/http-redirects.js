// about: redirects followed by default, capped by options.maxRedirects and params.redirects; the Referer each hop sends (the previous URL, fragment included; a script's own Referer: kept by k6 v2, replaced by v0.49); Response.request shows the first hop's headers
// conformance: {"counts":["http_reqs","checks"]}
import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1, maxRedirects: 3 };
const B = __ENV.BASE_URL;
const shown = (v) => (typeof v === 'string' ? v.replace(B, 'BASE_URL') : String(v));
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
  console.log(`after a 303: request.method=${see.request.method} request.body=${see.request.body} request.url=${shown(see.request.url)}`);
  const two = http.get(`${B}/redirect-to?url=%2Fstatus%2F302#frag`, { headers: { 'X-Hop': 'h' } });
  console.log(`two hops: Referer=${shown(two.json('headers').referer)} X-Hop=${two.json('headers')['x-hop']} url=${shown(two.url)}`);
  console.log(`two hops: request.headers=${JSON.stringify(Object.keys(two.request.headers).sort())} request.url=${shown(two.request.url)}`);
  const frag = http.get(`${B}/status/307#top`);
  console.log(`from a URL with a fragment: Referer=${shown(frag.json('headers').referer)}`);
  const own = http.get(`${B}/redirect-to?url=%2Fstatus%2F302`, { headers: { Referer: 'http://example.invalid/mine' } });
  console.log(`own Referer after two hops: ${shown(own.json('headers').referer)}`);
}
