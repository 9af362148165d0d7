// exec.test.abort() in the third of ten shared iterations: exit 108, k6's message with where it was called.
import http from 'k6/http';
import exec from 'k6/execution';

export const options = { scenarios: { a: { executor: 'shared-iterations', vus: 1, iterations: 10 } } };

export default function () {
  http.get(`${__ENV.BASE_URL}/health`);
  if (exec.scenario.iterationInTest === 2) {
    exec.test.abort('enough seen');
  }
}
