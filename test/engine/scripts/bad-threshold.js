export const options = { iterations: 1, thresholds: { http_req_duration: ['p95 < 500'] } };
export default function () {}
