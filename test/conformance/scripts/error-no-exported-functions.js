// about: a script that exports options and a default that is not a function, so nothing k6 can call
// conformance: {}
export const options = { iterations: 1, vus: 1 };
export default 5;
