// about: options.systemTags naming ip: each request is tagged with the address it connected to, so a threshold on http_reqs{ip:127.0.0.1} counts them; a refused connection has no ip tag
// conformance: {"counts":["http_reqs"]}
import http from 'k6/http';
const B = __ENV.BASE_URL;
export const options = {
  iterations: 2,
  systemTags: ['ip', 'status', 'check', 'group'],
  thresholds: {
    'http_reqs{ip:127.0.0.1}': ['count==2'],
    'http_reqs{status:0}': ['count==2'],
    'http_req_duration{ip:127.0.0.1}': ['max>=0'],
  },
};
export default function () {
  http.get(`${B}/health`);
  // Port 1 on loopback: nothing listens, the connection is refused before any address is tagged.
  http.get('http://127.0.0.1:1/');
}
