// about: two scenarios with their own exec, env, tags and startTime; what each VU sees
// conformance: {"counts":["iterations","http_reqs"]}
import http from 'k6/http';
import exec from 'k6/execution';
export const options = {
  tags: { suite: 'conformance' },
  scenarios: {
    first: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'first', env: { WHO: 'first-env' }, tags: { kind: 'a' } },
    second: { executor: 'shared-iterations', vus: 1, iterations: 2, exec: 'second', startTime: '300ms', env: { WHO: 'second-env' }, tags: { kind: 'b' } },
  },
  thresholds: { 'http_reqs{kind:a}': ['count==1'], 'http_reqs{kind:b}': ['count==2'], 'http_reqs{suite:conformance}': ['count==3'] },
};
function report(fn) {
  http.get(`${__ENV.BASE_URL}/health`);
  if (exec.vu.iterationInScenario === 0) {
    console.log(`${fn}: scenario=${exec.scenario.name} WHO=${__ENV.WHO} vuTagScenario=${exec.vu.tags.scenario} kind=${exec.vu.tags.kind} suite=${exec.vu.tags.suite}`);
  }
}
export function first() { report('first'); }
export function second() { report('second'); }
