// about: options.systemTags keeps only the system tags it names (here status, method, check, group): a sub-metric on a tag left out (url) has no samples, a threshold on it is judged on none (max=0), there is no { expected_response:true } line, and a tag the script gives (name) stays
// conformance: {"counts":["http_reqs","checks"]}
import http from 'k6/http';
import { check } from 'k6';
const B = __ENV.BASE_URL;
export const options = {
  iterations: 2,
  systemTags: ['status', 'method', 'check', 'group'],
  thresholds: {
    'http_req_duration{status:200}': ['max>=0'],
    [`http_req_duration{url:${B}/health}`]: ['max>=0'],
    'http_reqs{name:named}': ['count==2'],
    'http_reqs{method:GET}': ['count==2'],
    'checks{check:ok}': ['rate==1'],
  },
};
export default function () {
  const r = http.get(`${B}/health`, { tags: { name: 'named' } });
  check(r, { ok: (res) => res.status === 200 });
}
