// about: a string strconv.ParseInt refuses where k6 wants a whole number (exit 104, v0.49 255)
// conformance: {}
export const options = { iterations: '2.0' };
export default function () {}
