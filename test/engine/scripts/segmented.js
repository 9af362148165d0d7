// One test split across instances by execution segments: two exact-count scenarios and an arrival rate.
import http from 'k6/http';
import exec from 'k6/execution';
export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: 5, iterations: 60, exec: 'hit' },
    each: { executor: 'per-vu-iterations', vus: 4, iterations: 5, exec: 'hit' },
    rate: { executor: 'constant-arrival-rate', rate: 30, timeUnit: '1s', duration: '2s', preAllocatedVUs: 3, maxVUs: 6, exec: 'hit' },
    // 0 → 30/s over 1 s: 14 arrivals, as k6 counts them (executors/arrival-schedule.ts).
    ramp: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', stages: [{ duration: '1s', target: 30 }], preAllocatedVUs: 3, exec: 'hit' },
  },
  thresholds: {
    // 60 + 20 + up to 61 + 14 arrivals together; one instance runs at most 24 + 10 + 21 + 5.
    iterations: ['count>=100'],
    'iterations{scenario:shared}': ['count==60'],
    'http_reqs{scenario:each}': ['count>=20'],
    // Listed so the summary carries these sub-metrics (k6 summarizes only sub-metrics with thresholds).
    'iterations{scenario:each}': ['count>=0'],
    'iterations{scenario:rate}': ['count>=0'],
    'dropped_iterations{scenario:rate}': ['count>=0'],
    'iterations{scenario:ramp}': ['count>=0'],
    'dropped_iterations{scenario:ramp}': ['count>=0'],
  },
};
export function hit() {
  const q = `inst=${__ENV.INSTANCE}&sc=${exec.scenario.name}&it=${exec.scenario.iterationInTest}&vu=${exec.vu.idInTest}&vus=${exec.instance.vusInitialized}`;
  http.get(`${__ENV.BASE_URL}/health?${q}`);
}
