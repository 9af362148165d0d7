// about: ramping stages of 200 ms pass k6's validation (only whole-scenario durations have the 1 s minimum) and run
// conformance: {"counts":[]}
export const options = {
  scenarios: {
    vus: { executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '200ms', target: 1 }, { duration: '200ms', target: 0 }], gracefulRampDown: '0s' },
    rate: { executor: 'ramping-arrival-rate', startRate: 5, preAllocatedVUs: 1, stages: [{ duration: '200ms', target: 5 }] },
  },
};
export default function () {}
