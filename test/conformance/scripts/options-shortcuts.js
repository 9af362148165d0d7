// about: top-level vus + iterations (a shared-iterations scenario named default)
// conformance: {"counts":["iterations"]}
import exec from 'k6/execution';
export const options = { vus: 2, iterations: 4 };
export default function () {
  if (exec.scenario.iterationInTest === 0) console.log(`scenario ${exec.scenario.name} executor ${exec.scenario.executor}`);
}
