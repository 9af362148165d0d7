import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1, maxRedirects: 3 };
const B = __ENV.BASE_URL;
export default async function () {
  // /chain/N answers 302 → /chain/N-1 until /chain/0 (200 "end").
  const capped = http.get(`${B}/chain/5`);
  check(capped, { 'maxRedirects caps the chain': (r) => r.status === 302 && r.url === `${B}/chain/2` });
  const full = http.get(`${B}/chain/5`, { redirects: 5 });
  check(full, { 'params.redirects overrides it': (r) => r.status === 200 && r.url === `${B}/chain/0` && r.body === 'end' });
  const none = http.get(`${B}/chain/1`, { redirects: 0 });
  check(none, { 'redirects: 0 returns the 3xx': (r) => r.status === 302 && r.headers.Location === '/chain/0' && r.url === `${B}/chain/1` });
  // /status/C answers C → /method, which echoes "METHOD bodyLength".
  // Response.request is the request the script made (the first hop), as in k6.
  check(http.post(`${B}/status/303`, 'payload'), { '303: POST becomes a body-less GET': (r) => r.body === 'GET 0' && r.request.method === 'POST' });
  check(http.post(`${B}/status/307`, 'payload'), { '307: POST resent with its body': (r) => r.body === 'POST 7' });
  check(http.put(`${B}/status/302`, 'payload'), { '302: PUT becomes GET': (r) => r.body === 'GET 0' });
  check(http.head(`${B}/status/303`), { '303: HEAD stays HEAD': (r) => r.status === 200 && r.request.method === 'HEAD' });
  const viaAsync = await http.asyncRequest('POST', `${B}/status/303`, 'payload');
  check(viaAsync, { 'asyncRequest follows too': (r) => r.body === 'GET 0' && r.url === `${B}/method` });
}
