// about: k6's option flags over the script's options: --tag replaces the script's tags, --user-agent, --no-thresholds, --max-redirects, --blacklist-ip, --no-setup, --discard-response-bodies, and what exec.test.options then says
// conformance: {"counts":["http_reqs","checks"],"args":["--tag","b=2","--tag","c=3","--user-agent","cli/2","--no-thresholds","--max-redirects","1","--blacklist-ip","127.0.0.2/32","--no-setup","--discard-response-bodies","--batch","3","--no-usage-report"]}
import http from 'k6/http';
import exec from 'k6/execution';
import { check } from 'k6';
export const options = { iterations: 1, tags: { a: '1' }, userAgent: 'script/1', thresholds: { iterations: ['count>5'] }, maxRedirects: 5 };
const B = __ENV.BASE_URL;
export function setup() {
  throw new Error('setup must not run under --no-setup');
}
export default function () {
  const o = exec.test.options;
  check(o, {
    'tags replaced': (x) => JSON.stringify(x.tags) === '{"b":"2","c":"3"}',
    'option values': (x) => x.userAgent === 'cli/2' && x.maxRedirects === 1 && x.batch === 3 && x.discardResponseBodies === true && x.noSetup === true,
  });
  const seen = http.get(`${B}/inspect`, { responseType: 'text' });
  check(seen, { 'user agent sent': (r) => r.json('headers.user-agent') === 'cli/2' });
  check(http.get(`${B}/redirect/3`), { 'stopped after one redirect': (r) => r.status === 302 });
  check(http.get(`http://127.0.0.2:${B.split(':')[2]}/`), { 'blacklisted': (r) => r.error_code === 1110 });
}
