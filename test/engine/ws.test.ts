/**
 * k6/ws on the engine alone, against a real WebSocket server on 127.0.0.1 (the conformance
 * scripts ws-*.js compare whole runs with real k6 where it is installed): a session's metrics
 * and events, a VU stopped mid-session (its socket closed going away, the iteration ended),
 * --local-ips on the socket, wss:// under k6's TLS settings (SSL_CERT_FILE, insecureSkipTLSVerify;
 * the texts recorded from k6 v2.2.0 and v0.49.0), and the refusals: in the init context, and in
 * a script whose blocking calls cannot be awaited.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { runScript } from '../../src/engine/index.js';
import { captureConsole } from './helpers/target-server.js';

let server: http.Server;
let url: string;
const peers: string[] = [];

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end('plain'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    peers.push(req.socket.remoteAddress ?? '');
    ws.on('message', (data, isBinary) => ws.send(isBinary ? data : `echo:${data.toString()}`, { binary: isBinary }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function run(source: string, extra: { vuThreads?: 'per-vu'; localIPs?: string; compat?: 'v0.49'; env?: Record<string, string> } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-ws-'));
  await writeFile(join(dir, 'script.js'), source);
  const out = captureConsole();
  const r = await runScript({ scriptPath: join(dir, 'script.js'), env: { WS: url, ...extra.env }, console: out.console, vuThreads: extra.vuThreads, compat: extra.compat, cliOptions: extra.localIPs ? { localIPs: extra.localIPs } : undefined });
  return { r, lines: out.lines };
}

it('a session: its events in order, the echo, the close code, and the ws_* metrics', async () => {
  const { r, lines } = await run(`import ws from 'k6/ws';
export const options = { iterations: 3, vus: 1 };
export default function () {
  const res = ws.connect(__ENV.WS + '/s', function (socket) {
    socket.on('open', () => { console.log('open'); socket.send('hi'); });
    socket.on('message', (m) => { console.log(m); socket.close(1000); });
    socket.on('close', (c) => console.log('close ' + c));
  });
  console.log('status ' + res.status);
}
`);
  expect(r.exitCode).toBe(0);
  expect(lines.slice(0, 4)).toEqual(['open', 'echo:hi', 'close 1000', 'status 101']);
  const m = r.summary.metrics;
  expect(m.ws_sessions?.values.count).toBe(3);
  expect(m.ws_msgs_sent?.values.count).toBe(3);
  expect(m.ws_msgs_received?.values.count).toBe(3);
  expect(m.ws_connecting?.values.max).toBeGreaterThan(0);
  expect(m.ws_session_duration?.values.max).toBeGreaterThan(0);
  expect(m.data_sent?.values.count).toBeGreaterThan(0);
});

it('a VU stopped mid-session: the socket is closed going away and the iteration ends there', async () => {
  const { r, lines } = await run(`import ws from 'k6/ws';
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '0s' } } };
export default function () {
  ws.connect(__ENV.WS + '/s', function (socket) {
    socket.on('close', (c) => console.log('close ' + c));
    socket.setInterval(() => socket.send('tick'), 200);
  });
  console.log('after connect');
}
`);
  expect(r.exitCode).toBe(0);
  expect(lines).toContain('close 1001');
  expect(lines).not.toContain('after connect');
  expect(r.summary.metrics.ws_msgs_sent?.values.count).toBeGreaterThanOrEqual(1);
  expect(r.summary.metrics.ws_session_duration).toBeUndefined();
});

it("--local-ips: the socket connects from its VU's address", async () => {
  peers.length = 0;
  const { r } = await run(`import ws from 'k6/ws';
export const options = { iterations: 1 };
export default function () { ws.connect(__ENV.WS + '/s', (socket) => socket.on('open', () => socket.close())); }
`, { localIPs: '127.0.0.3' });
  expect(r.exitCode).toBe(0);
  expect(peers).toEqual(['127.0.0.3']);
});

it("refuses ws.connect in the init context (k6's words) and in a script whose VUs block a thread each", async () => {
  const init = await run(`import ws from 'k6/ws';
ws.connect('ws://127.0.0.1:1', () => {});
export default function () {}
`);
  expect(init.r.exitCode).toBe(107);
  expect(init.r.errors.join('\\n')).toContain('using websockets in the init context is not supported');
  const blocking = await run(`import ws from 'k6/ws';
export const options = { iterations: 1 };
export default function () { ws.connect(__ENV.WS + '/s', (socket) => socket.on('open', () => socket.close())); }
`, { vuThreads: 'per-vu' });
  expect(blocking.r.errors.join('\\n')).toContain('ws.connect is not supported by the embedded engine in a script whose blocking calls it cannot await');
});

it('wss://: trusted through SSL_CERT_FILE or insecureSkipTLSVerify; an unknown authority is the handshake error, in each generation\'s words', async () => {
  const tls = new URL('../fixtures/tls/', import.meta.url).pathname;
  const secure = https.createServer({ key: readFileSync(join(tls, 'server.key')), cert: readFileSync(join(tls, 'server.pem')) });
  new WebSocketServer({ server: secure }).on('connection', (ws) => ws.on('message', (d) => ws.send(`secure:${d.toString()}`)));
  await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
  const wss = `wss://127.0.0.1:${(secure.address() as AddressInfo).port}`;
  const script = `import ws from 'k6/ws';
export const options = { iterations: 1, insecureSkipTLSVerify: __ENV.INSECURE === '1' };
export default function () {
  const res = ws.connect(__ENV.WSS + '/t', (socket) => {
    socket.on('open', () => socket.send('x'));
    socket.on('message', (m) => { console.log(m); socket.close(); });
  });
  console.log('status=' + res.status + ' error=' + res.error);
}
`;
  try {
    expect((await run(script, { env: { WSS: wss, INSECURE: '1' } })).lines).toEqual(['secure:x', 'status=101 error=']);
    expect((await run(script, { env: { WSS: wss } })).lines).toEqual(['status=0 error=tls: failed to verify certificate: x509: certificate signed by unknown authority']);
    expect((await run(script, { env: { WSS: wss }, compat: 'v0.49' })).lines).toEqual(['status=0 error=x509: certificate signed by unknown authority']);
    vi.stubEnv('SSL_CERT_FILE', join(tls, 'ca.pem'));
    expect((await run(script, { env: { WSS: wss } })).lines).toEqual(['secure:x', 'status=101 error=']);
  } finally {
    vi.unstubAllEnvs();
    secure.closeAllConnections();
    await new Promise((resolve) => secure.close(resolve));
  }
});
