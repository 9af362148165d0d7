// Arrival-rate proof: 200/s for 10 s, and 50→150/s over 5 s then 150/s for 5 s. VUs to spare:
// a busy machine may stall the scheduler a moment, and the arrivals due meanwhile start at once.
import http from 'k6/http';
export const options = {
  scenarios: {
    constant: { executor: 'constant-arrival-rate', rate: 200, timeUnit: '1s', duration: '10s', preAllocatedVUs: 400, maxVUs: 600, exec: 'hit' },
    ramping: {
      executor: 'ramping-arrival-rate', startRate: 50, timeUnit: '1s', preAllocatedVUs: 400, maxVUs: 600, exec: 'noop',
      stages: [{ duration: '5s', target: 150 }, { duration: '5s', target: 150 }],
    },
  },
  thresholds: {
    'iterations{scenario:constant}': ['count>0'], 'iterations{scenario:ramping}': ['count>0'],
    'dropped_iterations{scenario:constant}': ['count==0'], 'dropped_iterations{scenario:ramping}': ['count==0'],
  },
};
export async function hit() {
  await http.asyncRequest('GET', `${__ENV.BASE_URL}/health`);
}
export async function noop() {}
