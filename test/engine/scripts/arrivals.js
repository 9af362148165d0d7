import { sleep } from 'k6';
export const options = {
  scenarios: {
    starved: { executor: 'constant-arrival-rate', rate: 40, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 1, gracefulStop: '0s' },
    ramp: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 2, stages: [{ duration: '1s', target: 20 }, { duration: '500ms', target: 20 }], exec: 'quick' },
  },
  thresholds: { 'iterations{scenario:ramp}': ['count>=0'], 'dropped_iterations{scenario:ramp}': ['count>=0'], 'dropped_iterations{scenario:starved}': ['count>=0'] },
};
export default function () { sleep(0.5); }
export function quick() {}
