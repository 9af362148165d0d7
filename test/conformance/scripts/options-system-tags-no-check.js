// about: options.systemTags without check and group: the summary still counts checks per group, but a threshold on checks{check:ok} or on a group tag sees no samples (k6 judges it on none)
// conformance: {"counts":["http_reqs","checks"]}
import http from 'k6/http';
import { check, group } from 'k6';
const B = __ENV.BASE_URL;
export const options = {
  iterations: 2,
  systemTags: ['status', 'method'],
  thresholds: {
    'checks{check:ok}': ['rate==0'],
    'http_reqs{group:::inner}': ['count==0'],
    'http_reqs{status:200}': ['count==2'],
    checks: ['rate==1'],
  },
};
export default function () {
  group('inner', () => {
    const r = http.get(`${B}/health`);
    check(r, { ok: (res) => res.status === 200 });
  });
}
