// about: k6/ws's handshake: the User-Agent of options.userAgent, the VU's cookie jar's cookies for the address (set by an HTTP response) or params.jar's, the script's headers and tags, params.compression's offer and its refusal of an algorithm it lacks
// conformance: {"counts":["ws_sessions","checks"]}
import http from 'k6/http';
import ws from 'k6/ws';
import { check } from 'k6';
export const options = { iterations: 1, userAgent: 'conformance/1.0' };
const B = __ENV.BASE_URL;
export default function () {
  http.get(`${B}/cookies/set?sid=abc`);
  let got;
  ws.connect(`${B.replace('http://', 'ws://')}/ws/headers`, { headers: { Authorization: 'Bearer t0k3n', 'x-custom': 'v' }, tags: { page: 'headers' } }, (socket) => {
    socket.on('message', (m) => {
      got = JSON.parse(m);
      socket.close();
    });
  });
  console.log(JSON.stringify(got));
  check(got, { 'user agent': (g) => g.ua === 'conformance/1.0', 'cookie from the jar': (g) => g.cookie === 'sid=abc', "the script's headers": (g) => g.auth === 'Bearer t0k3n' && g.custom === 'v' });
  const jar = new http.CookieJar();
  jar.set(B, 'own', '1');
  const res = ws.connect(`${B.replace('http://', 'ws://')}/ws/headers`, { jar, compression: 'deflate' }, (socket) => {
    socket.on('message', (m) => {
      got = JSON.parse(m);
      socket.close();
    });
  });
  console.log(`offered: ${got.extensions} accepted: ${res.headers['Sec-Websocket-Extensions']} cookie: ${got.cookie}`);
  try {
    ws.connect(`${B.replace('http://', 'ws://')}/ws/headers`, { compression: 'gzip' }, () => {});
  } catch (e) {
    console.log(`gzip: ${e}`);
  }
}
