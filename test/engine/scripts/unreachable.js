import http from 'k6/http';
export const options = { vus: 1, iterations: 3 };
export default function () { const r = http.get('http://127.0.0.1:1/nothing', { timeout: '2s' }); if (r.status !== 0 || r.error_code !== 1212) throw new Error(`unexpected ${r.status} ${r.error_code} ${r.error}`); }
