// about: options.httpDebug 'full': each request and response as k6 logs them (Go's dump layout: Host, User-Agent, Content-Length first, headers sorted, Accept-Encoding: gzip, Connection: close and Content-Length: 0 where Go's Response.Write puts them, a chunked body re-chunked), with group, iter, scenario, vu and source=http-debug; a refused request has no Response line
// conformance: {"counts":["http_reqs"]}
import http from 'k6/http';
import { group } from 'k6';
export const options = { iterations: 1, httpDebug: 'full' };
const B = __ENV.BASE_URL;
export default function () {
  http.get(`${B}/health?x=1`, { headers: { 'X-Zeta': 'z', 'x-alpha': 'a' } });
  http.post(`${B}/echo`, JSON.stringify({ a: 1 }), { headers: { 'Content-Type': 'application/json' } });
  http.post(`${B}/echo`);
  http.del(`${B}/status/204`);
  http.head(`${B}/health`);
  http.get(`${B}/redirect/1`);
  http.get(`${B}/chunked`);
  group('g', () => {
    http.put(`${B}/status/404`, 'x');
  });
  http.get('http://127.0.0.1:1/refused');
}
