// exec.test.abort() in the init context, setup() or teardown(), or an exception there (K picks one).
import exec from 'k6/execution';

const K = __ENV.K;
if (K === 'init-abort') exec.test.abort('from init');
if (K === 'init-throw') throw new Error('init failed');

export const options = { scenarios: { once: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } } };

export function setup() {
  if (K === 'setup-abort') exec.test.abort('from setup');
  if (K === 'setup-throw') throw new Error('setup failed');
}
export default function () {}
export function teardown() {
  if (K === 'teardown-abort') exec.test.abort();
  if (K === 'teardown-throw') throw 'teardown failed';
}
