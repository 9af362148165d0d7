// about: k6/ws when things go wrong: a refused connection and a refused upgrade return without calling the function (status 0 with Go's error, the server's 403 and body); a server's close 4001 is an error event, then close; bad arguments to setTimeout, setInterval, sendBinary and send
// conformance: {"counts":["ws_sessions","ws_msgs_received","checks"]}
import ws from 'k6/ws';
import { check } from 'k6';
export const options = { iterations: 1 };
const WS = __ENV.BASE_URL.replace('http://', 'ws://');
export default function () {
  let called = false;
  const refused = ws.connect('ws://127.0.0.1:1/', () => {
    called = true;
  });
  console.log(`refused: ${JSON.stringify(refused)}`);
  const rejected = ws.connect(`${WS}/ws/reject`, () => {
    called = true;
  });
  console.log(`rejected: status=${rejected.status} body=${rejected.body} url=${JSON.stringify(rejected.url)} error=${JSON.stringify(rejected.error)} type=${rejected.headers['Content-Type']}`);
  check(called, { 'the function is not called': (c) => c === false });
  const events = [];
  ws.connect(`${WS}/ws/close-me`, (socket) => {
    socket.on('message', (m) => events.push(`message ${m}`));
    socket.on('error', (e) => events.push(`error ${e.error()}`));
    socket.on('close', (code) => events.push(`close ${code}`));
    socket.setTimeout(() => socket.close(), 2000);
  });
  console.log(events.join(' | '));
  ws.connect(`${WS}/ws/echo`, (socket) => {
    try {
      socket.setTimeout(() => {}, 0);
    } catch (e) {
      console.log(`setTimeout: ${e}`);
    }
    try {
      socket.setInterval(() => {}, -1);
    } catch (e) {
      console.log(`setInterval: ${e}`);
    }
    try {
      socket.sendBinary('text');
    } catch (e) {
      console.log(`sendBinary: ${e}`);
    }
    socket.on('open', () => socket.send(null));
    socket.on('message', (m) => {
      console.log(`null sent as ${JSON.stringify(m)}`);
      socket.close('4000');
    });
    socket.on('close', (code) => console.log(`closed with ${code} (${typeof code})`));
  });
}
