// maxDuration ends both iteration executors early: what was never started is dropped_iterations.
import { sleep } from 'k6';

export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 2, iterations: 100, maxDuration: '1s', gracefulStop: '0s' },
    pervu: { executor: 'per-vu-iterations', vus: 2, iterations: 50, maxDuration: '1s', gracefulStop: '0s' },
  },
  thresholds: {
    'dropped_iterations{scenario:shared}': ['count>=0'],
    'dropped_iterations{scenario:pervu}': ['count>=0'],
    'iterations{scenario:shared}': ['count>=0'],
    'iterations{scenario:pervu}': ['count>=0'],
  },
};

export default function () {
  sleep(0.1);
}
