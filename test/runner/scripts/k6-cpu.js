// MODE=spin keeps one core busy for about a second of wall time, MODE=sleep sleeps for the same
// second. Spinning by the clock, not for a fixed count of operations: a fixed count costs 0.7 s
// of CPU on one machine and 0.2 s on a faster one, while a second of spinning costs close to a
// second of CPU on any machine that gives k6 most of one core.
import { sleep } from 'k6';
export const options = { scenarios: { fixed: { executor: 'per-vu-iterations', vus: 1, iterations: 4, maxDuration: '60s' } } };
export default function () {
  if (__ENV.MODE === 'spin') {
    const until = Date.now() + 250;
    let x = 0;
    while (Date.now() < until) for (let i = 0; i < 1000; i++) x += Math.sqrt(i);
    if (x < 0) console.log(x);
  } else {
    sleep(0.25);
  }
}
