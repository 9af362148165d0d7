// about: nested groups, checks in them, check and group return values, a check that throws, sleep() in an iteration
// conformance: {"counts":["checks","iterations"]}
import { check, group, sleep } from 'k6';
export const options = { iterations: 2, thresholds: { iteration_duration: ['min>=150'] } };
export default function () {
  const ret = group('outer', () => {
    check(1, { 'outer pass': (v) => v === 1, 'outer fail': (v) => v === 2 });
    group('inner', () => {
      check({ n: 3 }, { 'inner pass': (o) => o.n === 3 }, { extra: 'tag' });
    });
    return 'group value';
  });
  sleep(0.1);
  sleep(0.05);
  const passed = check(null, { 'all pass': () => true, 'one fails': () => false });
  check(null, { 'return values': () => ret === 'group value' && passed === false });
  check(null, { 'truthy not boolean': () => 'yes', 'throws': () => { throw new Error('in check'); } });
}
