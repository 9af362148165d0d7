// Logs what k6/execution reports in each iteration of three scenarios run one after another.
import { sleep } from 'k6';
import exec from 'k6/execution';
export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 1, iterations: 4, exec: 'counted' },
    // k6 refuses a constant-vus under 1 s; a ramping-vus may be shorter (its stages have no minimum).
    stuck: { executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '200ms', target: 1 }], gracefulRampDown: '0s', gracefulStop: '0s', startTime: '500ms', exec: 'stuck' },
    timed: { executor: 'constant-vus', vus: 1, duration: '1s', startTime: '1s', exec: 'timed' },
  },
};
function report(extra) {
  console.log(JSON.stringify({
    scenario: exec.scenario.name,
    progress: exec.scenario.progress,
    startTime: exec.scenario.startTime,
    now: Date.now(),
    iterationInInstance: exec.scenario.iterationInInstance,
    iterationInTest: exec.scenario.iterationInTest,
    vuIterationInScenario: exec.vu.iterationInScenario,
    completed: exec.instance.iterationsCompleted,
    interrupted: exec.instance.iterationsInterrupted,
    vusActive: exec.instance.vusActive,
    vusInitialized: exec.instance.vusInitialized,
    runDuration: exec.instance.currentTestRunDuration,
    ...extra,
  }));
}
export function counted() {
  const o = exec.test.options;
  report({ sharedIterations: o.scenarios.shared.iterations, rps: o.rps, frozen: Object.isFrozen(o.scenarios.shared) });
}
export function stuck() { sleep(10); }
export function timed() {
  report({});
  sleep(0.2);
}
