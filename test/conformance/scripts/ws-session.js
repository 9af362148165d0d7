// about: k6/ws: a session that sends text, binary and a ping, answers the server's ping, gets each echo back, closes itself after the echoes; the response, close code and ws_* metrics
// conformance: {"counts":["ws_sessions","ws_msgs_sent","ws_msgs_received","checks"]}
import ws from 'k6/ws';
import { check } from 'k6';
export const options = { iterations: 2, thresholds: { ws_sessions: ['count==2'], ws_connecting: ['max>=0'], ws_session_duration: ['max>=0'], 'ws_msgs_received{t:echo}': ['count==4'] } };
const WS = __ENV.BASE_URL.replace('http://', 'ws://');
export default function () {
  const seen = [];
  let closedWith;
  const res = ws.connect(`${WS}/ws/echo?ping=1`, { tags: { t: 'echo' } }, function (socket) {
    socket.on('open', () => {
      seen.push('open');
      socket.send('hello');
      socket.sendBinary(new Uint8Array([1, 2, 3]).buffer);
      socket.ping();
    });
    // Closed once all four came, whatever their order: the echoes, the server's ping, the pong to ours.
    const note = (what) => {
      seen.push(what);
      if (['message echo:hello', 'binary 1,2,3', 'ping', 'pong'].every((w) => seen.includes(w))) socket.close(1000);
    };
    socket.on('ping', () => note('ping'));
    socket.on('pong', () => note('pong'));
    socket.on('message', (m) => note(`message ${m}`));
    socket.on('binaryMessage', (b) => note(`binary ${new Uint8Array(b).join(',')}`));
    socket.on('close', (code) => {
      closedWith = code;
    });
    socket.setTimeout(() => socket.close(), 2000);
  });
  check(res, {
    'status 101': (r) => r.status === 101,
    'url as given': (r) => r.url === `${WS}/ws/echo?ping=1`,
    'no error, no body': (r) => r.error === '' && r.body === '',
    'accept header, canonical name': (r) => typeof r.headers['Sec-Websocket-Accept'] === 'string',
  });
  check(closedWith, { 'closed with the code given': (c) => c === 1000 });
  check(seen, { 'text echoed': (s) => s.includes('message echo:hello'), 'binary echoed': (s) => s.includes('binary 1,2,3'), 'the server pinged': (s) => s.includes('ping'), 'our ping answered': (s) => s.includes('pong'), 'opened first': (s) => s[0] === 'open' });
  console.log(`headers: ${Object.keys(res.headers).sort().join(',')}`);
}
