import http from 'k6/http';
export const options = { iterations: 1 };
export default function () {
  const r = http.get(`${__ENV.BASE_URL}/slow`, { timeout: '300ms' });
  if (r.error_code !== 1050 || r.status !== 0) throw new Error(`expected a timeout, got ${r.status} ${r.error_code}`);
}
