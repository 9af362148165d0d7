// about: k6/ws: an exception in a socket's handler closes the socket (going away) and ends ws.connect with it: k6's stack runs through Connect-fm (native) to the script's call
// conformance: {"counts":["ws_sessions","ws_msgs_sent","ws_msgs_received"]}
import ws from 'k6/ws';
export const options = { iterations: 1 };
const ECHO = __ENV.BASE_URL.replace('http://', 'ws://') + '/ws/echo';
export default function () {
  ws.connect(ECHO, function (socket) {
    socket.on('open', () => socket.send('x'));
    socket.on('message', (m) => {
      throw new Error(`handler broke on ${m}`);
    });
    socket.on('close', (code) => console.log(`close ${code}`));
  });
  console.log('not reached');
}
