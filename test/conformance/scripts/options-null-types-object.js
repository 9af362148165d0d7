// about: objects where k6 wants a whole number or a bool are read as Go's sql.Null* structs: set, with their Int64/Bool field or the zero value
// conformance: {}
export const options = { vus: { Int64: 2 }, iterations: 4, noSetup: { bool: true }, throw: {} };
export function setup() { console.log('setup ran'); }
export default function () {}
