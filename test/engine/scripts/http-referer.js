// Redirect chains as k6 follows them: the Referer each hop sends, and what Response.request shows.
import http from 'k6/http';
export const options = { iterations: 1 };
const B = __ENV.BASE_URL;
export default function () {
  const r = http.post(`${B}/chain/2#top`, 'payload', { headers: { 'X-Own': 'x' } });
  console.log(JSON.stringify({ method: r.request.method, url: r.request.url, body: r.request.body, headers: r.request.headers, final: r.url }));
  http.get(`${B}/chain/2`, { headers: { Referer: 'http://example.invalid/mine' } });
}
