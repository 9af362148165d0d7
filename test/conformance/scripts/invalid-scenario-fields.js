// about: configuration errors k6 reports together: zero iterations, negative VUs, maxVUs below preAllocatedVUs, a ramping-vus without stages, a missing exec function
// conformance: {}
export const options = {
  scenarios: {
    zero: { executor: 'shared-iterations', vus: 2, iterations: 0 },
    neg: { executor: 'per-vu-iterations', vus: -1, iterations: 1 },
    rate: { executor: 'constant-arrival-rate', rate: 5, duration: '1s', preAllocatedVUs: 3, maxVUs: 1 },
    nostages: { executor: 'ramping-vus', stages: [] },
    missing: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'nowhere' },
  },
};
export default function () {}
