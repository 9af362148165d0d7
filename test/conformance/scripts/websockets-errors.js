// about: k6's browser-like WebSocket when things go wrong, one socket after another: a refused connection and a refused upgrade (an error, then a close without a code), a server's close 4001 (an error, then the close), a binaryType it lacks, send() before the socket is open and of what it cannot send (v0.49 sends no typed array), a WebSocket without a url
// conformance: {"counts":["ws_sessions"]}
import { WebSocket } from 'k6/experimental/websockets';
export const options = { iterations: 1 };
const WS = __ENV.BASE_URL.replace('http://', 'ws://');
const STEPS = ['ws://127.0.0.1:1/', `${WS}/ws/reject`, `${WS}/ws/close-me`];

function step(i) {
  if (i === STEPS.length) return;
  const ws = new WebSocket(STEPS[i]);
  const tag = ['refused', 'rejected', 'closed by the server'][i];
  ws.onmessage = (e) => console.log(`${tag}: message ${e.data}`);
  ws.onerror = (e) => console.log(`${tag}: error ${Object.keys(e).sort().join(',')} ${e.error} readyState=${ws.readyState}`);
  ws.onclose = (e) => {
    console.log(`${tag}: close ${Object.keys(e).sort().join(',')} code=${e.code} reason=${JSON.stringify(e.reason)} readyState=${ws.readyState}`);
    step(i + 1);
  };
}

export default function () {
  try {
    new WebSocket();
  } catch (e) {
    console.log(`no url: ${e}`);
  }
  const ws = new WebSocket(`${WS}/ws/echo`);
  try {
    ws.binaryType = 'text';
  } catch (e) {
    console.log(`binaryType: ${e} (still ${ws.binaryType})`);
  }
  try {
    ws.send('too early');
  } catch (e) {
    console.log(`send before open: ${e}`);
  }
  ws.onopen = () => {
    for (const v of [{ a: 1 }, new Uint8Array([1]), 5, 1.5, true]) {
      try {
        ws.send(v);
        console.log(`sent ${Object.prototype.toString.call(v)}`);
      } catch (e) {
        console.log(`send ${Object.prototype.toString.call(v)}: ${e}`);
      }
    }
    ws.close();
  };
  ws.onclose = () => step(0);
}
