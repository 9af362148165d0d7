import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
const withCreds = (user, pass) => __ENV.BASE_URL.replace('http://', `http://${user}:${pass}@`);
export default async function () {
  check(http.get(`${withCreds('alice', 'p%40ss')}/basic`), { 'URL credentials send Basic auth': (r) => r.status === 200 });
  check(http.get(`${withCreds('alice', 'p%40ss')}/basic`, { auth: 'basic' }), { "auth: 'basic' too": (r) => r.status === 200 });
  check(http.get(`${withCreds('alice', 'wrong')}/basic`), { 'wrong password refused': (r) => r.status === 401 });
  const digest = http.get(`${withCreds('bob', 'secret')}/digest?x=1`, { auth: 'digest' });
  check(digest, { 'digest: challenge answered': (r) => r.status === 200 && r.body === 'digest ok' && r.url === `${__ENV.BASE_URL}/digest?x=1` });
  const sha = http.post(`${withCreds('bob', 'secret')}/digest-sha256`, 'data', { auth: 'digest' });
  check(sha, { 'digest: SHA-256 with a body': (r) => r.status === 200 });
  check(http.get(`${withCreds('bob', 'nope')}/digest`, { auth: 'digest' }), { 'digest: wrong password gets the 401': (r) => r.status === 401 });
  const viaAsync = await http.asyncRequest('GET', `${withCreds('bob', 'secret')}/digest`, null, { auth: 'digest' });
  check(viaAsync, { 'digest via asyncRequest': (r) => r.status === 200 });
  let message = '';
  try {
    http.get(`${withCreds('bob', 'secret')}/digest`, { auth: 'ntlm' });
  } catch (e) {
    message = String(e);
  }
  check(message, { 'ntlm: a clear error': (m) => m.includes('"ntlm" is not supported') });
}
