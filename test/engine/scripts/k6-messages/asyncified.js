// A sync script whose blocking calls the engine awaits (script/asyncify.ts): the stack still reads as k6's.
import http from 'k6/http';
import { group, sleep } from 'k6';

export const options = { scenarios: { once: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } } };

function fetchIt(url) {
  const res = http.get(url);
  if (res.status === 200) throw new Error(`got ${res.status}`);
  return res;
}
function outer() {
  sleep(0.01);
  return fetchIt(`${__ENV.BASE_URL}/health`);
}
export default function () {
  group('g', function () {
    outer();
  });
}
