// about: the 1 s minimum per executor: constant-vus and constant-arrival-rate durations, the iteration executors' maxDuration (k6: "the duration must be at least 1s"); ramping stages of 200 ms are accepted
// conformance: {}
export const options = {
  scenarios: {
    short: { executor: 'constant-vus', vus: 1, duration: '700ms' },
    rate: { executor: 'constant-arrival-rate', rate: 1, duration: '500ms', preAllocatedVUs: 1 },
    shared: { executor: 'shared-iterations', vus: 1, iterations: 1, maxDuration: '500ms' },
    pervu: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '999ms' },
    micro: { executor: 'per-vu-iterations', maxDuration: '1500us' },
    zero: { executor: 'constant-vus', duration: 0 },
    rampvus: { executor: 'ramping-vus', stages: [{ duration: '200ms', target: 1 }] },
    ramprate: { executor: 'ramping-arrival-rate', preAllocatedVUs: 1, stages: [{ duration: '200ms', target: 1 }] },
    ok: { executor: 'constant-vus', vus: 1, duration: '1s' },
  },
};
export default function () {}
