// about: -s/--stage on the command line replaces the script's scenarios with a ramping-vus one, and what exec.test.options then says
// conformance: {"args":["-s","1s:1","--stage","0s:0"]}
import exec from 'k6/execution';
import { sleep } from 'k6';
export const options = { scenarios: { s: { executor: 'shared-iterations', iterations: 1 } } };
export default function () {
  if (exec.scenario.iterationInTest === 0) console.log(exec.scenario.name, exec.scenario.executor, JSON.stringify(exec.test.options.scenarios));
  sleep(0.3);
}
