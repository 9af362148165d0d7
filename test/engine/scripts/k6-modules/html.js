// k6/html and Response.html() on a page with a form: extraction, form serialization, a login
// that posts the serialized form back, element properties, and the exact serialization k6 gives.
import { check } from 'k6';
import http from 'k6/http';
import { parseHTML } from 'k6/html';

export const options = { vus: 1, iterations: 1 };

export default function () {
  const res = http.get(`${__ENV.BASE_URL}/shop`);
  const doc = res.html();
  const form = doc.find('form#login');
  check(doc, {
    'title text, entities decoded': (d) => d.find('title').text() === 'Shop & Co',
    'attr and attr default': (d) => d.find('meta[name=csrf]').attr('content') === 'tok-123' && d.find('li').attr('nope', 'dflt') === 'dflt' && d.find('li').attr('nope') === undefined,
    'find, size, eq, first, last': (d) => d.find('li').size() === 3 && d.find('li').eq(1).text() === 'Two' && d.find('li').first().text() === 'One' && d.find('li').last().text() === 'Three',
    'res.html(selector)': () => res.html('li.sale').text() === 'Two',
    'map and each': (d) => {
      const seen = [];
      d.find('li').each((i, el) => seen.push(`${i}:${el.nodeName()}:${el.textContent()}`));
      return d.find('li').map((i, s) => s.attr('data-id')).join() === '1,2,3' && seen.join() === '0:li:One,1:li:Two,2:li:Three';
    },
    'traversal': (d) => d.find('a').parent().attr('data-id') === '3' && d.find('a').closest('ul').attr('id') === 'items' && d.find('.sale').next().attr('data-id') === '3' && d.find('.sale').prev().text() === 'One',
    'filter, is, not, has': (d) => d.find('li').filter('.sale').size() === 1 && d.find('li').is('.sale') && d.find('li').not('.sale').size() === 2 && d.find('li').has('a').size() === 1,
    'HTML5 tree building inserts tbody': (d) => d.find('table > tbody > tr > td').text() === 'cell',
    'data() converts like jQuery': (d) => {
      const data = d.find('h1').data();
      return data.count === 3 && data.price === '10.50' && data.json.a[1] === 2 && data.flag === true && data.someThing === 'x' && d.find('h1').data('someThing') === 'x';
    },
    'val() of each field type': () =>
      form.find('input[name=user]').val() === 'alice' &&
      form.find('input[name=remember]').val() === 'on' &&
      form.find('select[name=color]').val() === 'Green' &&
      form.find('select[name=tags]').val().join() === 'a,c' &&
      form.find('textarea').val() === 'Hi &lt;there&gt;\nline2',
    'serialize() as Go url.Values encodes it': () => form.serialize() === 'bio=Hi+%26lt%3Bthere%26gt%3B%0Aline2&color=Green&csrf=tok-123&off2=y&pass=&plan=pro&tags=a&tags=c&user=alice',
    'serializeObject()': () => {
      const o = form.serializeObject();
      return o.user === 'alice' && o.plan === 'pro' && o.tags.join() === 'a,c' && !('remember' in o) && !('off' in o) && o.off2 === 'y';
    },
    'html() is Go html.Render output': (d) => d.find('#render').html() === '<p title="a&#34;b&amp;c&lt;d&gt;" class="x">x<br/>y<img src="i.png"/> &#39;q&#39; &amp;</p><!-- n &amp; m -->',
    'element properties resolve against the response URL': () => {
      const a = doc.find('a').get(0);
      return a.href() === `${__ENV.BASE_URL}/p/3?x=1&y=2` && a.pathname() === '/p/3' && a.search() === '?x=1&y=2' && a.protocol() === 'http' && form.get(0).action() === `${__ENV.BASE_URL}/login` && form.get(0).method() === 'post';
    },
    'form controls': () => {
      const select = form.find('select[name=color]').get(0);
      return select.options().length === 2 && select.selectedIndex() === 1 && select.value() === 'Green' && form.find('#user').get(0).labels().length === 1 && form.get(0).elements().length === 14;
    },
    'parseHTML of a fragment builds a whole document': () => parseHTML('<div>a</div>').html() === '<html><head></head><body><div>a</div></body></html>',
  });

  const login = http.post(form.get(0).action(), form.serialize(), { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  check(login, { 'the server accepts the serialized form': (r) => r.status === 200 && r.body === 'welcome alice' });

  console.log(JSON.stringify(form.serializeArray()));
  console.log(doc.find('ul').html());
  for (const [label, f] of [
    ['each(5)', () => doc.find('li').each(5)],
    ['find(5)', () => doc.find(5)],
    ['filter(5)', () => doc.find('li').filter(5)],
  ]) {
    try {
      f();
      console.log(`${label}: no error`);
    } catch (e) {
      console.log(`${label}: ${String(e)}`);
    }
  }
}
