// about: configuration errors k6 reports together, several per scenario: zero iterations, negative VUs, maxVUs below preAllocatedVUs, a ramping-vus without stages, a missing exec function, negative times and targets, unspecified rate/duration/preAllocatedVUs, stages without duration or target
// conformance: {}
export const options = {
  scenarios: {
    zero: { executor: 'shared-iterations', vus: 2, iterations: 0 },
    neg: { executor: 'per-vu-iterations', vus: -1, iterations: 1 },
    rate: { executor: 'constant-arrival-rate', rate: 5, duration: '1s', preAllocatedVUs: 3, maxVUs: 1 },
    nostages: { executor: 'ramping-vus', stages: [] },
    missing: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'nowhere' },
    cvmulti: { executor: 'constant-vus', vus: -1, duration: '10ms', startTime: '-1s', gracefulStop: '-2s' },
    cvnod: { executor: 'constant-vus', vus: 0 },
    car0: { executor: 'constant-arrival-rate', rate: 0, timeUnit: '0s', duration: '2s', preAllocatedVUs: 0 },
    carnone: { executor: 'constant-arrival-rate' },
    carneg: { executor: 'constant-arrival-rate', rate: -1, duration: '2s', preAllocatedVUs: -1, maxVUs: -2 },
    rar: { executor: 'ramping-arrival-rate', preAllocatedVUs: 1, startRate: -1, stages: [{ duration: '-1s', target: -1 }] },
    rarnopre: { executor: 'ramping-arrival-rate', stages: [{ duration: '1s', target: 1 }] },
    rarzero: { executor: 'ramping-arrival-rate', preAllocatedVUs: 1, startRate: 0, stages: [{ duration: '1s', target: 0 }] },
    rv: { executor: 'ramping-vus', startVUs: -1, stages: [{ duration: '-1s', target: -2 }], gracefulRampDown: '-1s' },
    rvzero: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '1s', target: 0 }] },
    rvmissing: { executor: 'ramping-vus', stages: [{ target: 1 }, { duration: '1s' }] },
    si: { executor: 'shared-iterations', vus: 0, iterations: -1, maxDuration: '0s' },
    emptyexec: { executor: 'per-vu-iterations', exec: '' },
  },
};
export default function () {}
