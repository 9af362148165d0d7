import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
const bin = new Uint8Array([0, 1, 2, 255]).buffer;
export default function () {
  const form = http.post(`${__ENV.BASE_URL}/echo`, { b: 'x y*', a: ['1', '2'] });
  check(form, {
    'object body: url-encoded, keys sorted, arrays repeated': (r) => r.body === 'a=1&a=2&b=x+y%2A',
    'object body: Content-Type': (r) => r.request.headers['Content-Type'][0] === 'application/x-www-form-urlencoded',
  });
  const upload = http.post(`${__ENV.BASE_URL}/upload`, {
    field: 'plain value',
    text: http.file('hello "file"', 'a.txt', 'text/plain'),
    bin: http.file(bin, 'b.bin'),
  });
  check(upload, {
    'multipart: sent': (r) => r.status === 200,
    'multipart: Response.request.body is the sent body': (r) => r.request.body.startsWith('--') && r.request.body.includes('name="field"\r\n\r\nplain value\r\n') && r.request.body.endsWith('--\r\n'),
  });
  const f = http.file('x');
  check(f, { 'http.file defaults': (x) => x.content_type === 'application/octet-stream' && /^\d+$/.test(x.filename) && x.data === 'x' });
  const own = http.post(`${__ENV.BASE_URL}/echo`, { a: '1' }, { headers: { 'content-type': 'text/plain' } });
  check(own, { "the script's content-type wins": (r) => r.request.headers['Content-Type'][0] === 'text/plain' });
}
