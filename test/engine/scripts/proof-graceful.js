// Graceful stop proof: `finishes` ends its iterations within gracefulStop; `stuck` (gracefulStop)
// and `rampdown` (gracefulRampDown) are cut short, so their iterations count as interrupted.
import { sleep } from 'k6';
export const options = {
  scenarios: {
    finishes: { executor: 'constant-vus', vus: 2, duration: '1s', gracefulStop: '10s', exec: 'slow' },
    stuck: { executor: 'constant-vus', vus: 3, duration: '1s', gracefulStop: '200ms', exec: 'forever' },
    rampdown: {
      executor: 'ramping-vus', startVUs: 2, gracefulRampDown: '200ms', gracefulStop: '10s', exec: 'forever',
      stages: [{ duration: '1s', target: 2 }, { duration: '100ms', target: 0 }],
    },
  },
  thresholds: {
    'iterations{scenario:finishes}': ['count==2'], 'iterations{scenario:stuck}': ['count==0'], 'iterations{scenario:rampdown}': ['count==0'],
  },
};
export function slow() { sleep(1.5); }
export function forever() { sleep(30); }
