// MODE=spin: every iteration burns CPU for SPIN_MS with no I/O, so its VU thread never idles.
// MODE=sleep: every iteration sleeps, so its VU thread is idle nearly all the time.
import { sleep } from 'k6';
export const options = { scenarios: { load: { executor: 'constant-vus', vus: 2, duration: __ENV.DURATION || '1s' } } };
export default function () {
  if (__ENV.MODE === 'spin') {
    const end = Date.now() + Number(__ENV.SPIN_MS || 20);
    let x = 0;
    while (Date.now() < end) x += Math.sqrt(x + 1);
    if (x < 0) console.log(x);
  } else {
    sleep(0.05);
  }
}
