// about: request params: headers, tags, responseType, responseCallback, auth in the URL
// conformance: {"counts":["http_reqs","checks","http_req_failed"]}
import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1, thresholds: { 'http_reqs{name:tagged}': ['count==1'] } };
const B = __ENV.BASE_URL;
export default function () {
  const h = http.get(`${B}/inspect`, { headers: { 'X-Custom': 'v1' }, tags: { name: 'tagged' } });
  check(h, { 'custom header sent': (r) => r.json('headers')['x-custom'] === 'v1', 'user agent is k6': (r) => /^k6\//.test(r.json('headers')['user-agent']) });
  console.log(`default User-Agent: ${String(h.json('headers')['user-agent']).replace(/\d+\.\d+\.\d+/, 'X.Y.Z')}`);
  check(http.get(`${B}/json`, { responseType: 'none' }), { 'responseType none': (r) => r.body === null });
  check(http.get(`${B}/health`, { responseType: 'binary' }), { 'responseType binary': (r) => r.body instanceof ArrayBuffer && r.body.byteLength === 15 });
  const auth = http.get(`${B.replace('http://', 'http://user:pass@')}/inspect`);
  check(auth, { 'basic auth from URL': (r) => r.json('headers').authorization === 'Basic dXNlcjpwYXNz' });
  const expected404 = http.get(`${B}/status/404`, { responseCallback: http.expectedStatuses(404) });
  check(expected404, { '404 expected': (r) => r.status === 404 });
  http.get(`${B}/status/500`);
}
