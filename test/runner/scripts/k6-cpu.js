// A k6 script with a fixed amount of work, so the CPU it costs does not depend on how busy
// the machine is: MODE=spin computes in every iteration, MODE=sleep only sleeps.
import { sleep } from 'k6';
export const options = { scenarios: { fixed: { executor: 'per-vu-iterations', vus: 1, iterations: 10, maxDuration: '60s' } } };
export default function () {
  if (__ENV.MODE === 'spin') {
    let x = 0;
    for (let i = 0; i < 100000; i++) x += Math.sqrt(i);
    if (x < 0) console.log(x);
  } else {
    sleep(0.1);
  }
}
