// about: http.batch with arrays, objects and a named map
// conformance: {"counts":["http_reqs","checks"]}
import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
const B = __ENV.BASE_URL;
export default function () {
  const list = http.batch([
    ['GET', `${B}/health`],
    ['POST', `${B}/echo`, 'body', { headers: { 'Content-Type': 'text/plain' } }],
    { method: 'GET', url: `${B}/json`, params: { tags: { name: 'obj' } } },
    `${B}/status/404`,
  ]);
  check(list, {
    'four responses in order': (r) => r.length === 4 && r[0].status === 200 && r[1].body === 'body' && r[2].json('nested.ok') === true && r[3].status === 404,
  });
  const named = http.batch({ health: `${B}/health`, json: { method: 'GET', url: `${B}/json` } });
  check(named, { 'named batch': (r) => r.health.status === 200 && r.json.status === 200 });
}
