// vus / vus_max (k6 samples them once a second, so the run lasts over 1 s) and
// dropped_iterations (none after test.abort()). MODE=vus-only: `vus` without iterations
// or duration. MODE=abort: shared-iterations stopped by exec.test.abort().
import { sleep } from 'k6';
import exec from 'k6/execution';

const MODE = __ENV.MODE || 'vus-only';

export const options =
  MODE === 'abort'
    ? { scenarios: { shared: { executor: 'shared-iterations', vus: 1, iterations: 20 } } }
    : { vus: 3 };

export default function () {
  if (MODE === 'abort') {
    if (exec.scenario.iterationInTest === 2) exec.test.abort('enough');
    sleep(0.01);
    return;
  }
  sleep(1.3);
}

export function handleSummary(data) {
  return { stdout: JSON.stringify({ metrics: data.metrics }) };
}
