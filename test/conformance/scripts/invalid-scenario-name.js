// about: a scenario name with a space (k6 v2 "the scenario name should contain only …", v0.49 "the executor name …")
// conformance: {}
export const options = { scenarios: { 'two words': { executor: 'shared-iterations' } } };
export default function () {}
