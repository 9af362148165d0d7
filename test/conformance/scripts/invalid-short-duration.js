// about: constant-vus with a duration under 1 s (k6: "the duration must be at least 1s")
// conformance: {}
export const options = { scenarios: { short: { executor: 'constant-vus', vus: 1, duration: '700ms' } } };
export default function () {}
