import http from 'k6/http';
export const options = { iterations: 1, userAgent: __ENV.UA === undefined ? undefined : __ENV.UA };
// setup() runs on the lifecycle VU, which must use the resolved options too.
export function setup() { http.get(`${__ENV.BASE_URL}/health`); }
export default function () { http.get(`${__ENV.BASE_URL}/health`); }
