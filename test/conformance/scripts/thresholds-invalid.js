// about: a threshold expression k6 cannot parse (exit 104)
// conformance: {}
export const options = { iterations: 1, thresholds: { http_req_duration: ['p(95) <<< 500'] } };
export default function () {}
