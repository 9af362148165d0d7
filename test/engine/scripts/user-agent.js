import http from 'k6/http';
export const options = { iterations: 1, userAgent: __ENV.UA === undefined ? undefined : __ENV.UA };
export default function () { http.get(`${__ENV.BASE_URL}/health`); }
