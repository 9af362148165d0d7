// about: setTimeout and setInterval (k6 v2's globals): an iteration ends only once its timers fired, a callback's exception ends it as a script exception, pending timers are stopped with a warning, ids count from 1 per VU; k6 v0.49 has no such globals
// conformance: {"counts":["iterations","fired","ticks"]}
import { Counter } from 'k6/metrics';
const fired = new Counter('fired');
const ticks = new Counter('ticks');
export const options = { iterations: 4 };
export default function () {
  if (__ITER === 0) {
    // Not awaited: k6 still waits for both before the iteration ends.
    setTimeout((a, b) => fired.add(a + b), 20, 1, 1);
    const id = setInterval(() => {
      ticks.add(1);
      if (id !== undefined) clearInterval(id);
    }, 5);
    clearTimeout(setTimeout(() => fired.add(100), 1));
  } else if (__ITER === 1) {
    setTimeout(() => {
      throw new Error('thrown in a timer');
    }, 5);
    setTimeout(() => fired.add(1000), 2000);
  } else if (__ITER === 2) {
    try {
      setTimeout();
    } catch (e) {
      console.log(`no callback: ${e}`);
    }
  } else {
    console.log(`next id ${setTimeout(() => fired.add(1), 0)}`);
  }
}
