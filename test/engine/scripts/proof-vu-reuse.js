// Two scenarios one after the other share VUs, as in k6: vus_max is the most needed at once.
import { sleep } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';

const second = new Counter('second_vu_ids');

export const options = {
  scenarios: {
    first: { executor: 'constant-vus', vus: 3, duration: '1s', gracefulStop: '0s' },
    second: { executor: 'per-vu-iterations', vus: 2, iterations: 2, startTime: '1500ms', exec: 'later' },
    // Overlaps "second": its VUs come on top.
    third: { executor: 'shared-iterations', vus: 1, iterations: 1, startTime: '1600ms', exec: 'later' },
  },
  thresholds: { 'iterations{scenario:second}': ['count==4'], 'iterations{scenario:third}': ['count==1'] },
};

export default function () {
  sleep(0.1);
}

export function later() {
  // idInTest 1..3 were initialized for "first": "second" and "third" reuse them.
  second.add(exec.vu.idInTest);
  sleep(0.2);
}
