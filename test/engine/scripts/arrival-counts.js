// When k6 starts arrival-rate iterations, at the edges where its float64 arithmetic and its
// truncation to nanoseconds decide the count (arrival-counts-k6.test.ts, executors/arrival-schedule.ts).
const names = ['c30', 'c10', 'c7', 'r30', 'r20', 'r10s', 'r7'];
export const options = {
  scenarios: {
    // 1e9/30 ns truncated: 60 periods end 20 ns before 2 s, so 0..60 is 61.
    c30: { executor: 'constant-arrival-rate', rate: 30, timeUnit: '1s', duration: '2s', preAllocatedVUs: 3, maxVUs: 6 },
    // Exact period: the 21st falls on the end.
    c10: { executor: 'constant-arrival-rate', rate: 10, timeUnit: '1s', duration: '2s', preAllocatedVUs: 3, maxVUs: 6 },
    c7: { executor: 'constant-arrival-rate', rate: 7, timeUnit: '1s', duration: '1s', preAllocatedVUs: 3, maxVUs: 6 },
    // The stage's float64 area is 14.999999999999998: no 15th.
    r30: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', stages: [{ duration: '1s', target: 30 }], preAllocatedVUs: 3 },
    // Area exactly 10: the 10th falls on the end.
    r20: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', stages: [{ duration: '1s', target: 20 }], preAllocatedVUs: 3 },
    r10s: { executor: 'ramping-arrival-rate', startRate: 10, timeUnit: '1s', stages: [{ duration: '1s', target: 10 }], preAllocatedVUs: 3 },
    r7: { executor: 'ramping-arrival-rate', startRate: 7, timeUnit: '1s', stages: [{ duration: '1s', target: 7 }, { duration: '1s', target: 0 }], preAllocatedVUs: 3 },
  },
  // Thresholds on the per-scenario sub-metrics make the summary export carry their counts.
  thresholds: Object.fromEntries(names.map((n) => [`iterations{scenario:${n}}`, ['count>=0']])),
};
export default function () {}
