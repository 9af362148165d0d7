// about: --vus 2 --iterations 5 from the command line, what exec.test.options then says
// conformance: {"counts":["iterations"],"args":["--vus","2","--iterations","5"]}
import exec from 'k6/execution';
export default function () {
  if (exec.scenario.iterationInTest === 0) {
    console.log(JSON.stringify({ vus: exec.test.options.vus, iterations: exec.test.options.iterations, executor: exec.scenario.executor, scenario: exec.scenario.name }));
  }
}
