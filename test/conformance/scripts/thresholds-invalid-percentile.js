// about: p(101): refused by k6 v2 (exit 104, "provide a number between 0 and 100"), taken by v0.49 (no samples, so it passes)
// conformance: {}
export const options = { iterations: 1, thresholds: { http_req_duration: ['p(101) < 500'] } };
export default function () {}
