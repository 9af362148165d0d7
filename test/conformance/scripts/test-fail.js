// about: exec.test.fail() (k6 v0.52+): logged at once, the test runs on, then ends with "test run was marked as failed" and exit 110 even over crossed thresholds; exec.vu.metrics.metadata can be set
// conformance: {"counts":["iterations"]}
import exec from 'k6/execution';
export const options = { iterations: 3, thresholds: { iterations: ['count>5'] } };
export default function () {
  exec.vu.metrics.metadata['trace_id'] = `t${exec.vu.iterationInScenario}`;
  if (exec.vu.iterationInScenario === 1 && typeof exec.test.fail === 'function') exec.test.fail('failing on purpose');
  console.log(`iteration ${exec.vu.iterationInScenario}: ${typeof exec.test.fail}`);
}
