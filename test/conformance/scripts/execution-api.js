// about: k6/execution values in each scenario: names, executor, iteration numbers, VU ids, test options
// conformance: {"counts":["iterations"]}
import exec from 'k6/execution';
export const options = {
  scenarios: {
    a: { executor: 'shared-iterations', vus: 2, iterations: 4, tags: { t: 'x' } },
    b: { executor: 'per-vu-iterations', vus: 1, iterations: 1, startTime: '200ms' },
  },
};
export function setup() {
  console.log(`setup: vu.idInTest=${exec.vu.idInTest} scenario=${(() => { try { return exec.scenario.name; } catch (e) { return `error: ${e.message}`; } })()}`);
}
// k6 keeps tags in a Go map: print them in a fixed order.
function sorted(tags) {
  return Object.keys(tags).sort().map((k) => `${k}=${tags[k]}`).join(',');
}
export default function () {
  if (exec.scenario.name === 'b' || exec.scenario.iterationInTest === 3) {
    console.log(JSON.stringify({
      scenario: exec.scenario.name, executor: exec.scenario.executor, iterationInTest: exec.scenario.iterationInTest,
      // Which VU takes which shared iteration is the scheduler's choice: only scenario b's is fixed.
      vuIterationInScenario: exec.scenario.name === 'b' ? exec.vu.iterationInScenario : 'varies', vuTags: sorted(exec.vu.tags), metricTags: sorted(exec.vu.metrics.tags),
      optionsScenarios: Object.keys(exec.test.options.scenarios).sort(), optionsVus: exec.test.options.vus,
      vusInitialized: exec.instance.vusInitialized,
    }));
  }
}
