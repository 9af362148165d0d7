// about: k6's browser-like WebSocket (k6/experimental/websockets; k6/websockets in v2): text, binary (as an ArrayBuffer) and a ping, the server's ping, the echoes; the on… handler before the listeners; readyState through the session; close() sends 1000; the iteration waits for the socket
// conformance: {"counts":["ws_sessions","ws_msgs_received","checks"]}
import { WebSocket } from 'k6/experimental/websockets';
import { check } from 'k6';
export const options = { iterations: 2, thresholds: { ws_sessions: ['count==2'], 'ws_msgs_received{t:echo}': ['count==4'] } };
const WS = __ENV.BASE_URL.replace('http://', 'ws://');
export default function () {
  const seen = [];
  const ws = new WebSocket(`${WS}/ws/echo?ping=1`, null, { tags: { t: 'echo' } });
  try {
    // k6 v2 hands binary messages over as Blobs unless told; v0.49 has ArrayBuffers only, and refuses the setting.
    ws.binaryType = 'arraybuffer';
  } catch (e) {
    console.log(`binaryType: ${e}`);
  }
  const startedAs = ws.readyState;
  // Closed once all four came, whatever their order.
  const note = (what) => {
    seen.push(what);
    if (['message echo:hello', 'binary 1,2,3', 'ping', 'pong'].every((w) => seen.includes(w))) {
      ws.close();
      seen.push(`closing ${ws.readyState}`);
    }
  };
  ws.addEventListener('open', () => seen.push('listener open'));
  ws.onopen = (e) => {
    seen.push(`onopen ${e.type} ${Object.keys(e).sort().join(',')} ${e.target === ws} ${ws.readyState}`);
    ws.send('hello');
    ws.send(new Uint8Array([1, 2, 3]).buffer);
    ws.ping();
  };
  ws.onmessage = (e) => note(typeof e.data === 'string' ? `message ${e.data}` : `binary ${new Uint8Array(e.data).join(',')}`);
  ws.onping = () => note('ping');
  ws.onpong = () => note('pong');
  ws.onclose = (e) => {
    console.log(`close ${Object.keys(e).sort().join(',')} code=${e.code} reason=${JSON.stringify(e.reason)} readyState=${ws.readyState}`);
    check(seen, { 'opened: on… handler, then the listener': (s) => s[0].startsWith('onopen open ') && s[1] === 'listener open', 'everything came back': (s) => s.length === 7 });
    check(startedAs, { 'CONNECTING at first': (r) => r === 0 });
    console.log(seen.slice(0, 2).join(' | '));
  };
}
