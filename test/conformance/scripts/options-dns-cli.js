// about: --dns over options.dns field by field: the flag's policy=onlyIPv4 replaces the script's onlyIPv6 and keeps its ttl, so localhost answers
// conformance: {"counts":["http_reqs","checks"],"args":["--dns","policy=onlyIPv4,select=roundRobin"]}
import http from 'k6/http';
import exec from 'k6/execution';
import { check } from 'k6';
export const options = { iterations: 2, dns: { ttl: 'inf', policy: 'onlyIPv6' } };
const BY_NAME = __ENV.BASE_URL.replace('127.0.0.1', 'localhost');
export default function () {
  const res = http.get(`${BY_NAME}/health`, { tags: { name: 'by name' } });
  check(res, { 'localhost over IPv4': (r) => r.status === 200 && r.remote_ip === '127.0.0.1' });
  console.log(`dns=${JSON.stringify(exec.test.options.dns)}`);
}
