import { sleep } from 'k6';
export const options = {
  scenarios: {
    // 300 ms of 2 VUs: a ramping-vus, as k6 refuses a constant-vus under 1 s.
    stuck: { executor: 'ramping-vus', startVUs: 2, stages: [{ duration: '300ms', target: 2 }], gracefulRampDown: '0s', gracefulStop: '100ms' },
    ramp: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '400ms', target: 3 }, { duration: '400ms', target: 0 }], gracefulRampDown: '0s', exec: 'short' },
  },
  thresholds: { 'iterations{scenario:stuck}': ['count==0'] },
};
export default function () { sleep(5); }
export function short() { sleep(0.02); }
