// about: thresholds on sub-metrics by status, name, group and custom tags
// conformance: {"counts":["http_reqs"]}
import http from 'k6/http';
import { group } from 'k6';
export const options = {
  iterations: 2,
  thresholds: {
    'http_req_duration{status:200}': ['max>=0'],
    'http_reqs{name:named}': ['count==2'],
    'http_reqs{group:::g}': ['count==2'],
    'http_reqs{custom:yes}': ['count==2'],
    'http_req_failed{status:404}': ['rate==0'],
    'checks{check:none}': ['rate==1'],
  },
};
export default function () {
  http.get(`${__ENV.BASE_URL}/health`, { tags: { name: 'named' } });
  group('g', () => http.get(`${__ENV.BASE_URL}/json`, { tags: { custom: 'yes' } }));
  http.get(`${__ENV.BASE_URL}/nowhere`);
}
