// about: a fraction where k6 wants a whole number (Go's JSON decoder refuses it while loading the script: exit 104, v0.49 255)
// conformance: {}
export const options = { scenarios: { a: { executor: 'shared-iterations', vus: 1.5 } } };
export default function () {}
