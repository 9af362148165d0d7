// about: exec.test.abort(reason) in the third iteration (exit 108)
// conformance: {"counts":["iterations","http_reqs"]}
import http from 'k6/http';
import exec from 'k6/execution';
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 1, iterations: 10 } } };
export default function () {
  http.get(`${__ENV.BASE_URL}/health`);
  if (exec.scenario.iterationInTest === 2) exec.test.abort('enough');
}
