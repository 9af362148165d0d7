// VU 1 never yields its thread; VU 2 shares that thread (async VUs) with the lifecycle VU.
import exec from 'k6/execution';

export const options = {
  scenarios: { spin: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '0s' } },
  // A teardown() that went to the stuck thread would time out (exit 101) instead of running.
  teardownTimeout: '5s',
};

console.log(`init VU ${__VU}`);

export function setup() {
  return { from: 'setup' };
}

export default function () {
  if (exec.vu.idInTest === 1) for (;;) {}
}

export function teardown(data) {
  console.log(`teardown() got ${JSON.stringify(data)}`);
}

export function handleSummary() {
  console.log('handleSummary() ran');
  return {};
}
