// about: k6/http verbs and body forms (get, post json/form/text, put, patch, del, head, options, request) and http.batch with arrays, objects and a named map
// conformance: {"counts":["http_reqs","checks"]}
import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
const B = __ENV.BASE_URL;
export default function () {
  const json = http.post(`${B}/inspect`, JSON.stringify({ a: 1 }), { headers: { 'Content-Type': 'application/json' } });
  check(json, { 'post json': (r) => r.json('method') === 'POST' && r.json('headers')['content-type'] === 'application/json' && r.json('bodyLength') === 7 });
  const form = http.post(`${B}/echo`, { user: 'a b', n: '1' });
  check(form, { 'post form-encoded': (r) => r.body === 'user=a%20b&n=1' || r.body === 'user=a+b&n=1' });
  check(http.put(`${B}/inspect`, 'text'), { put: (r) => r.json('method') === 'PUT' && r.json('bodyLength') === 4 });
  check(http.patch(`${B}/inspect`, 'x'), { patch: (r) => r.json('method') === 'PATCH' });
  check(http.del(`${B}/inspect`), { del: (r) => r.json('method') === 'DELETE' });
  check(http.head(`${B}/health`), { 'head has no body': (r) => r.status === 200 && (r.body === null || r.body === '') });
  check(http.options(`${B}/inspect`), { options: (r) => r.json('method') === 'OPTIONS' });
  check(http.request('GET', `${B}/inspect?q=1&r=two`), { 'request + query': (r) => r.json('query').r === 'two' });
  check(http.get(`${B}/status/503`), { 'status 503': (r) => r.status === 503 && r.body === 'status 503' });
  const list = http.batch([
    ['GET', `${B}/health`],
    ['POST', `${B}/echo`, 'body', { headers: { 'Content-Type': 'text/plain' } }],
    { method: 'GET', url: `${B}/json`, params: { tags: { name: 'obj' } } },
    `${B}/status/404`,
  ]);
  check(list, {
    'batch: four responses in order': (r) => r.length === 4 && r[0].status === 200 && r[1].body === 'body' && r[2].json('nested.ok') === true && r[3].status === 404,
  });
  const named = http.batch({ health: `${B}/health`, json: { method: 'GET', url: `${B}/json` } });
  check(named, { 'batch: named': (r) => r.health.status === 200 && r.json.status === 200 });
}
