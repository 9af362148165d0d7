import http from 'k6/http';
import { check, group } from 'k6';
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
const users = new SharedArray('users', () => JSON.parse(open('./users.json')));
export const options = {
  iterations: 2,
  vuz: 3,
  thresholds: { 'http_req_duration{name:batch}': ['max>=0'], 'checks{check:redirected}': ['rate==1'] },
};
export default function () {
  group('batch', () => {
    const [a, b] = http.batch([
      ['GET', `${__ENV.BASE_URL}/health`, null, { tags: { name: 'batch' } }],
      { method: 'POST', url: `${__ENV.BASE_URL}/echo`, body: { user: users[exec.vu.iterationInScenario % users.length].name }, params: { tags: { name: 'batch' } } },
    ]);
    check(a, { 'batch a': (r) => r.status === 200 });
    check(b, { 'batch b form-encoded': (r) => r.body === `user=${users[exec.vu.iterationInScenario % users.length].name}` });
  });
  const r = http.get(`${__ENV.BASE_URL}/redirect`);
  check(r, { redirected: (x) => x.status === 200 && x.url.endsWith('/health') });
  check(null, { 'instance numbers': () => exec.instance.vusInitialized === 1 && exec.scenario.iterationInTest === exec.vu.iterationInScenario });
  http.setResponseCallback(http.expectedStatuses(404));
  http.get(`${__ENV.BASE_URL}/missing`);
}
