/**
 * The local target the conformance scripts load: one HTTP server on 127.0.0.1, port 0,
 * shared by real k6 and the engine so both see the same answers. Every route answers
 * from the request alone (no state between requests), so parallel runs cannot disturb
 * each other.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ConformanceServer {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/** Upper bound for /slow, so a script can never hold a connection open for long. */
const MAX_SLOW_MS = 3_000;

const HTML_PAGE = `<!DOCTYPE html>
<html><head><title>Conformance page</title></head>
<body>
  <h1 class="title">Hello</h1>
  <ul id="items"><li data-n="1">one</li><li data-n="2">two</li><li data-n="3">three</li></ul>
  <a href="/health" class="link">health</a><a href="/json" class="link">json</a>
  <form id="login" action="/echo" method="post">
    <input type="text" name="user" value="alice"><input type="hidden" name="token" value="t0k3n">
    <select name="lang"><option value="en">en</option><option value="fr" selected>fr</option></select>
  </form>
  <form id="search" action="/inspect?page=2"><input type="text" name="q" value="k6 load"><button type="submit" name="go" value="now">Go</button></form>
</body></html>`;

function json(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

function route(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  let m: RegExpExecArray | null;
  if (path === '/health') return json(res, 200, { status: 'ok' });
  // The address the client connected from (--local-ips).
  if (path === '/peer') return json(res, 200, { address: req.socket.remoteAddress });
  if (path === '/json') return json(res, 200, { name: 'loadgate', items: [1, 2, 3], nested: { ok: true } });
  if (path === '/echo') {
    res.writeHead(200, { 'Content-Type': req.headers['content-type'] ?? 'application/octet-stream' });
    res.end(body);
    return;
  }
  // What the server received: method, headers, body length, query.
  if (path === '/inspect') {
    return json(res, 200, { method: req.method, headers: req.headers, bodyLength: body.length, query: Object.fromEntries(url.searchParams) });
  }
  if ((m = /^\/status\/(\d{3})$/.exec(path))) {
    const status = Number(m[1]);
    res.writeHead(status, status >= 300 && status < 400 ? { Location: '/inspect' } : { 'Content-Type': 'text/plain' });
    res.end(status >= 300 && status < 400 ? '' : `status ${status}`);
    return;
  }
  // /redirect-to?url=U answers 302 → U (a path on this server).
  if (path === '/redirect-to') {
    const to = url.searchParams.get('url') ?? '/health';
    res.writeHead(302, { Location: to.startsWith('/') ? to : '/health' });
    res.end();
    return;
  }
  // /redirect/N answers 302 → /redirect/N-1 until /redirect/0 (→ /health).
  if ((m = /^\/redirect\/(\d+)$/.exec(path))) {
    const n = Number(m[1]);
    res.writeHead(302, { Location: n > 0 ? `/redirect/${n - 1}` : '/health' });
    res.end();
    return;
  }
  // /cookies/set?k=v sets each query pair as a cookie; /cookies lists the ones received.
  if (path === '/cookies/set') {
    res.writeHead(200, { 'Set-Cookie': [...url.searchParams].map(([k, v]) => `${k}=${v}; Path=/`), 'Content-Type': 'text/plain' });
    res.end('set');
    return;
  }
  if (path === '/cookies') {
    const cookies = Object.fromEntries(
      (req.headers.cookie ?? '')
        .split(';')
        .map((c) => c.trim())
        .filter(Boolean)
        .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]),
    );
    return json(res, 200, cookies);
  }
  if (path === '/slow') {
    const ms = Math.min(Number(url.searchParams.get('ms') ?? 100), MAX_SLOW_MS);
    const timer = setTimeout(() => json(res, 200, { waited: ms }), ms);
    res.on('close', () => clearTimeout(timer));
    return;
  }
  // A body in two writes: Node sends it chunked.
  if (path === '/chunked') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('first,');
    res.end('second');
    return;
  }
  if (path === '/html') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(HTML_PAGE);
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('not found');
}

export async function startConformanceServer(): Promise<ConformanceServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => route(req, res, Buffer.concat(chunks)));
  });
  server.keepAliveTimeout = 30_000;
  // WebSockets (k6/ws): /ws/echo echoes text as `echo:<text>` and binary as it came, and pings
  // the client first when asked (?ping=1); /ws/headers sends the handshake's headers of interest first; /ws/close-me sends `bye` and closes with 4001;
  // /ws/reject refuses the upgrade with a 403 and a body.
  // Compression only when a client offers it (k6/ws's params.compression).
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: true });
  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/ws/reject') {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nforbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (url.pathname === '/ws/close-me') {
        ws.send('bye');
        ws.close(4001, 'server says');
        return;
      }
      ws.on('message', (data: Buffer, isBinary: boolean) => (isBinary ? ws.send(data, { binary: true }) : ws.send(`echo:${data.toString()}`)));
      if (url.searchParams.get('ping') === '1') ws.ping('server');
      // What the handshake carried: the headers k6 adds (User-Agent, the jar's Cookie) and the script's.
      if (url.pathname === '/ws/headers') ws.send(JSON.stringify({ ua: req.headers['user-agent'] ?? null, cookie: req.headers.cookie ?? null, auth: req.headers.authorization ?? null, custom: req.headers['x-custom'] ?? null, extensions: req.headers['sec-websocket-extensions'] ?? null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
