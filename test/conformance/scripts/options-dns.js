// about: options.dns: onlyIPv6 leaves localhost (IPv4 here, or a ::1 the server does not listen on) no address to reach, while an IP in the URL is not looked up; exec.test.options.dns
// conformance: {"counts":["http_reqs","checks"]}
import http from 'k6/http';
import exec from 'k6/execution';
import { check } from 'k6';
export const options = { iterations: 1, dns: { ttl: '1m', select: 'first', policy: 'onlyIPv6' } };
const B = __ENV.BASE_URL;
const BY_NAME = B.replace('127.0.0.1', 'localhost');
export default function () {
  check(http.get(`${B}/health`), { 'an address in the URL is dialled as it is': (r) => r.status === 200 });
  const res = http.get(`${BY_NAME}/health`);
  check(res, { 'localhost has no IPv6 address the server answers on': (r) => r.status === 0 });
  console.log(`error_code=${res.error_code} error=${res.error}`);
  console.log(`dns=${JSON.stringify(exec.test.options.dns)}`);
}
