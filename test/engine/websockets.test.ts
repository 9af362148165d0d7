/**
 * k6/websockets on the engine alone, against a real WebSocket server on 127.0.0.1 (the
 * conformance scripts websockets-*.js compare whole runs with real k6 where it is installed):
 * the iteration waits for its sockets, a sync and an async default function alike; the VU's
 * stop closes an open socket going away; a handler's exception ends the iteration; the
 * experimental name warns once.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { runScript } from '../../src/engine/index.js';
import { captureConsole } from './helpers/target-server.js';

let server: http.Server;
let url: string;
const closes: number[] = [];

beforeAll(async () => {
  server = http.createServer((_req, res) => res.end('plain'));
  new WebSocketServer({ server }).on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(isBinary ? data : `echo:${data.toString()}`, { binary: isBinary }));
    ws.on('close', (code) => closes.push(code));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function run(source: string) {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-websockets-'));
  await writeFile(join(dir, 'script.js'), source);
  const out = captureConsole();
  const r = await runScript({ scriptPath: join(dir, 'script.js'), env: { WS: url }, console: out.console });
  return { r, lines: out.lines };
}

it('the iteration waits for its socket: a sync default function and an async one', async () => {
  for (const fn of ['function', 'async function']) {
    const { r, lines } = await run(`import { WebSocket } from 'k6/websockets';
export const options = { iterations: 2 };
export default ${fn} () {
  const ws = new WebSocket(__ENV.WS + '/s');
  ws.onopen = () => ws.send('hi');
  ws.onmessage = (e) => { console.log(e.data); ws.close(); };
  ws.onclose = (e) => console.log('close ' + e.code);
}
`);
    expect(r.exitCode, fn).toBe(0);
    expect(lines, fn).toEqual(['echo:hi', 'close 1000', 'echo:hi', 'close 1000']);
    expect(r.summary.metrics.ws_sessions?.values.count, fn).toBe(2);
    expect(r.summary.metrics.ws_msgs_sent?.values.count, fn).toBe(4);
    expect(r.summary.metrics.iterations?.values.count, fn).toBe(2);
  }
});

it("the VU's stop closes an open socket going away; a handler's exception ends the iteration", async () => {
  closes.length = 0;
  const stopped = await run(`import { WebSocket } from 'k6/websockets';
export const options = { scenarios: { s: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '0s' } } };
export default function () {
  const ws = new WebSocket(__ENV.WS + '/s');
  ws.onopen = () => ws.send('open forever');
}
`);
  expect(stopped.r.exitCode).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(closes).toContain(1001);
  const thrown = await run(`import { WebSocket } from 'k6/websockets';
export const options = { iterations: 1 };
export default function () {
  const ws = new WebSocket(__ENV.WS + '/s');
  ws.onopen = () => ws.send('x');
  ws.onmessage = (e) => { throw new Error('handler broke on ' + e.data); };
}
`);
  expect(thrown.r.errors.join('\\n')).toContain('handler broke on echo:x');
});

it("k6/experimental/websockets works, with k6's deprecation warning once", async () => {
  const { r, lines } = await run(`import { WebSocket } from 'k6/experimental/websockets';
export const options = { vus: 2, iterations: 2 };
export default function () {
  const ws = new WebSocket(__ENV.WS + '/s');
  ws.onopen = () => ws.close();
  ws.onclose = () => console.log('closed');
}
`);
  expect(r.exitCode).toBe(0);
  expect(lines.filter((l) => l === 'closed')).toHaveLength(2);
  expect(lines.filter((l) => l.includes('k6/experimental/websockets is deprecated'))).toHaveLength(1);
});
