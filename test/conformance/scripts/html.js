// about: Response.html() and k6/html parseHTML: find, text, attr, each, form values
// conformance: {"counts":["checks"]}
import http from 'k6/http';
import { parseHTML } from 'k6/html';
import { check } from 'k6';
export const options = { iterations: 1 };
export default function () {
  const res = http.get(`${__ENV.BASE_URL}/html`);
  const doc = res.html();
  check(doc, {
    'title text': (d) => d.find('title').text() === 'Conformance page',
    'attr': (d) => d.find('a.link').first().attr('href') === '/health',
    'size': (d) => d.find('li').size() === 3,
    'each': (d) => { const out = []; d.find('li').each((i, el) => out.push(el.textContent())); return out.join() === 'one,two,three'; },
    'data attribute': (d) => d.find('li').last().data('n') === 3,
    'form input value': (d) => d.find('input[name=token]').val() === 't0k3n',
  });
  const parsed = parseHTML('<div><p class="x">a</p><p>b</p></div>');
  check(parsed, { 'parseHTML': (d) => d.find('p.x').text() === 'a' && d.find('p').length === 2 });
  check(res, { 'selector on the response': (r) => r.html('h1').text() === 'Hello' });
}
