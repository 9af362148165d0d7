// about: --local-ips: each VU connects from its own address of the pool (a range, then a CIDR without its network and broadcast addresses), wrapping around; setup() from the first
// conformance: {"counts":["http_reqs","checks"],"args":["--local-ips","127.0.0.2-127.0.0.3,127.0.0.8/30"]}
import http from 'k6/http';
import exec from 'k6/execution';
import { check } from 'k6';
export const options = { scenarios: { each: { executor: 'per-vu-iterations', vus: 5, iterations: 2 } } };
const B = __ENV.BASE_URL;
// The pool: 127.0.0.2, 127.0.0.3, then 127.0.0.9 and 127.0.0.10 (the /30's network .8 and broadcast .11 left out).
const POOL = ['127.0.0.2', '127.0.0.3', '127.0.0.9', '127.0.0.10'];
export function setup() {
  check(http.get(`${B}/peer`), { 'setup() from the first address': (r) => r.json().address === POOL[0] });
}
export default function () {
  const want = POOL[(exec.vu.idInInstance - 1) % POOL.length];
  const res = http.get(`${B}/peer`);
  check(res, { 'from the address of its VU': (r) => r.json().address === want });
  if (res.json().address !== want) console.log(`VU ${exec.vu.idInInstance} came from ${res.json().address}, not ${want}`);
}
