// about: an executor k6 does not have
// conformance: {}
export const options = { scenarios: { odd: { executor: 'fastest-possible', vus: 1 } } };
export default function () {}
