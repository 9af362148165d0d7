// Logs, as one JSON line, [url, status, error_code, error] of http.get for every URL in the
// file __ENV.URLS (a JSON list).
import http from 'k6/http';
export const options = { iterations: 1 };
const urls = JSON.parse(open(__ENV.URLS));
export default function () {
  const out = [];
  for (const u of urls) {
    const r = http.get(u, { timeout: '2s' });
    out.push([u, r.status, r.error_code, r.error]);
  }
  console.log(JSON.stringify(out));
}
