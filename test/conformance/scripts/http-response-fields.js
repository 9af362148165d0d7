// about: the fields of a Response and its request, as types and values a script reads
// conformance: {"counts":["http_reqs"]}
import http from 'k6/http';
export const options = { iterations: 1 };
const B = __ENV.BASE_URL;
function shape(v) {
  if (Array.isArray(v)) return `array(${v.map(shape).join(',')})`;
  return v === null ? 'null' : typeof v;
}
export default function () {
  const r = http.post(`${B}/echo`, 'hello', { headers: { 'Content-Type': 'text/plain', 'X-A': 'a' } });
  console.log(`status=${r.status} status_text=${r.status_text} proto=${r.proto} remote_ip=${r.remote_ip} remote_port=${shape(r.remote_port)} url=${r.url.replace(B, 'BASE_URL')}`);
  console.log(`body=${r.body} error=${JSON.stringify(r.error)} error_code=${r.error_code} tls_version=${JSON.stringify(r.tls_version)}`);
  console.log(`timings=${Object.keys(r.timings).sort().join(',')}`);
  console.log(`headers Content-Type=${r.headers['Content-Type']} Content-Length=${r.headers['Content-Length']}`);
  console.log(`request method=${r.request.method} url=${r.request.url.replace(B, 'BASE_URL')} body=${r.request.body}`);
  console.log(`request header X-A=${shape(r.request.headers['X-A'])} Content-Type=${JSON.stringify(r.request.headers['Content-Type'])}`);
  console.log(`cookies=${JSON.stringify(r.cookies)}`);
}
