// about: --local-ips with an address this machine does not have (TEST-NET-1): the bind fails before anything is sent, k6's error code 1213 and words
// conformance: {"counts":["http_reqs"],"args":["--local-ips","192.0.2.1"]}
import http from 'k6/http';
export const options = { iterations: 1 };
export default function () {
  const res = http.get(`${__ENV.BASE_URL}/peer`);
  console.log(`status=${res.status} error_code=${res.error_code} error=${res.error}`);
}
