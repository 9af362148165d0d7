import { Counter } from 'k6/metrics';
import * as module from 'k6/timers';
const fired = new Counter('fired');
const order = [];
export const options = { iterations: 3, vus: 1 };
console.log(`init id ${setTimeout(() => console.log('init timer fired'), 5)} module is global ${module.setTimeout === setTimeout} keys ${Object.keys(module).filter((k) => k !== 'default').sort()}`);
export function setup() {
  setTimeout(() => console.log('setup timer fired'), 5);
}
export default function () {
  if (__ITER === 0) {
    setTimeout((a, b) => { order.push('timeout'); fired.add(a + b); }, 20, 1, 1);
    const id = setInterval(() => { order.push('interval'); fired.add(1); clearInterval(id); }, 1);
    clearTimeout(setTimeout(() => fired.add(100), 1));
  } else if (__ITER === 1) {
    console.log(`order ${order.join(',')}`);
    try { setTimeout(); } catch (e) { console.log(`no callback: ${e}`); }
    try { setTimeout('code', 1); } catch (e) { console.log(`string callback: ${e}`); }
  } else {
    console.log(`next id ${setTimeout(() => fired.add(10), 0)}`);
  }
}
export function teardown() {
  setTimeout(() => console.log('teardown timer fired'), 5);
}
