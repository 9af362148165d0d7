// about: k6/ws: ws.connect in the init context is refused (GoError through Connect-fm), exit 107
// conformance: {}
import ws from 'k6/ws';
ws.connect(__ENV.BASE_URL.replace('http://', 'ws://') + '/ws/echo', () => {});
export default function () {}
