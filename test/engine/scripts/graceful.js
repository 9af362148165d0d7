import { sleep } from 'k6';
export const options = {
  scenarios: {
    stuck: { executor: 'constant-vus', vus: 2, duration: '300ms', gracefulStop: '100ms' },
    ramp: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '400ms', target: 3 }, { duration: '400ms', target: 0 }], gracefulRampDown: '0s', exec: 'short' },
  },
  thresholds: { 'iterations{scenario:stuck}': ['count==0'] },
};
export default function () { sleep(5); }
export function short() { sleep(0.02); }
