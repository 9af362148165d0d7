// about: Response.submitForm (POST and GET forms) and clickLink on a served page, a form that is not there, gjson selectors in res.json(), res.cookies, and responseType 'none' and 'binary'
// conformance: {"counts":["http_reqs","checks"]}
import http from 'k6/http';
import { check, group } from 'k6';
export const options = { iterations: 1 };
const B = __ENV.BASE_URL;
export default function () {
  group('forms', () => {
    const page = http.get(`${B}/html`);
    const sent = page.submitForm({ formSelector: '#login', fields: { user: 'bob' } });
    check(sent, {
      'submitForm posts the form': (r) => r.request.method === 'POST' && r.url === `${B}/echo`,
      'submitForm sends its fields': (r) => ['user=bob', 'token=t0k3n', 'lang=fr'].every((kv) => r.body.includes(kv)),
    });
    const searched = page.submitForm({ formSelector: '#search', fields: { n: 5 } });
    check(searched, {
      'a GET form sends its fields and button as the query': (r) => r.json('method') === 'GET' && r.url === `${B}/inspect?go=now&n=5&q=k6+load`,
    });
    const clicked = page.clickLink({ selector: 'a[href="/json"]' });
    check(clicked, { 'clickLink follows the href': (r) => r.url === `${B}/json` && r.status === 200 });
  });
  group('gjson', () => {
    const r = http.get(`${B}/json`);
    check(r, {
      'count with #': (x) => x.json('items.#') === 3,
      'index': (x) => x.json('items.2') === 3,
      'nested path': (x) => x.json('nested.ok') === true,
      'missing path is undefined': (x) => x.json('nope.deeper') === undefined,
      'whole document': (x) => x.json().name === 'loadgate',
    });
  });
  group('cookies and bodies', () => {
    const set = http.get(`${B}/cookies/set?flavour=oat&size=9`);
    check(set, {
      'res.cookies lists what was set': (x) => x.cookies.flavour[0].value === 'oat' && x.cookies.size[0].path === '/',
    });
    const none = http.get(`${B}/json`, { responseType: 'none' });
    check(none, { 'responseType none has no body': (x) => x.body === null && x.status === 200 });
    const bin = http.get(`${B}/json`, { responseType: 'binary' });
    check(bin, { 'binary body is an ArrayBuffer': (x) => x.body instanceof ArrayBuffer && x.body.byteLength > 10 });
  });
  group('no such form', () => {
    http.get(`${B}/html`).submitForm({ formSelector: '#nope' });
  });
}
