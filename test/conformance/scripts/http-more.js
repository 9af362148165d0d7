// about: http.asyncRequest awaited, http.url template URLs, a response callback that expects 404, and a multipart upload with http.file
// conformance: {"counts":["http_reqs","http_req_failed","checks"]}
import http from 'k6/http';
import { check } from 'k6';
export const options = {
  iterations: 1,
  thresholds: {
    'http_reqs{method:POST}': ['count==2'],
    'http_req_failed{expected_response:false}': ['rate==1'],
  },
};
const B = __ENV.BASE_URL;
export default async function () {
  const r = await http.asyncRequest('GET', `${B}/json`);
  check(r, { 'async request': (x) => x.status === 200 && x.json('items.1') === 2 });
  const both = await Promise.all([http.asyncRequest('GET', `${B}/health`), http.asyncRequest('POST', `${B}/echo`, 'async body')]);
  check(both, { 'two async at once': (x) => x[0].status === 200 && x[1].body === 'async body' });
  for (const id of [1, 2, 3]) {
    const res = http.get(http.url`${B}/inspect?item=${id}`);
    check(res, { 'http.url keeps the URL': (x) => x.json('query').item === String(id) && x.request.url.endsWith(`item=${id}`) });
  }
  http.setResponseCallback(http.expectedStatuses(404));
  check(http.get(`${B}/status/404`), { '404 expected': (x) => x.status === 404 });
  check(http.get(`${B}/health`), { '200 now unexpected': (x) => x.status === 200 });
  http.setResponseCallback(http.expectedStatuses({ min: 200, max: 399 }));
  const upload = http.post(`${B}/inspect`, { note: 'hello', file: http.file('0123456789', 'digits.txt', 'text/plain') });
  check(upload, {
    'multipart upload': (x) => x.json('headers')['content-type'].startsWith('multipart/form-data; boundary=') && x.json('bodyLength') > 10,
  });
}
