/**
 * An iteration whose promise can never settle ends as in k6 (state/pending-work.ts): once the
 * VU has no request in flight, no sleep, no Web Crypto call and no timer left, k6's event loop
 * is empty and the iteration is over. Until then the VU keeps waiting, and work that settles
 * the promise later still counts. Without this, such a script ran until maxDuration.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../src/engine/index.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';

const dir = mkdtempSync(join(tmpdir(), 'lg-abandon-'));
let n = 0;
let server: TargetServer;
beforeAll(async () => {
  server = await startTargetServer();
});
afterAll(() => server.close());

async function run(body: string, vuThreads: 'auto' | 'shared' = 'auto') {
  const scriptPath = join(dir, `s${++n}.js`);
  writeFileSync(
    scriptPath,
    `import http from 'k6/http';
import { sleep } from 'k6';
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 2, iterations: 4, maxDuration: '60s' } } };
${body}
`,
  );
  const out = captureConsole();
  const r = await runScript({ scriptPath, env: { BASE_URL: server.url }, console: out.console, vuThreads });
  return { r, lines: out.lines };
}

describe('an iteration awaiting a promise nothing can settle', () => {
  it.each(['auto', 'shared'] as const)('ends once the VU has nothing pending, as in k6 (%s threads)', async (threads) => {
    const { r, lines } = await run(
      `export default async function () {
  const res = await http.asyncRequest('GET', __ENV.BASE_URL + '/health');
  console.log('got ' + res.status);
  await new Promise(() => {});
  console.log('never');
}`,
      threads,
    );
    expect(r.exitCode).toBe(0);
    expect(r.summary.metrics.iterations?.values.count).toBe(4);
    expect(lines.filter((l) => l === 'got 200')).toHaveLength(4);
    expect(lines).not.toContain('never');
  });

  it('keeps waiting while a timer, a sleep, a request or a Web Crypto call can still settle it', async () => {
    const { r, lines } = await run(
      `export default async function () {
  await new Promise((resolve) => setTimeout(resolve, 50));
  console.log('after timer');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('x'));
  console.log('digest ' + digest.byteLength);
  await new Promise((resolve) => { http.asyncRequest('GET', __ENV.BASE_URL + '/health').then(resolve); });
  console.log('after request');
}`,
    );
    expect(r.exitCode).toBe(0);
    expect(r.errors).toEqual([]);
    expect(lines.filter((l) => l === 'after timer')).toHaveLength(4);
    expect(lines.filter((l) => l === 'digest 32')).toHaveLength(4);
    expect(lines.filter((l) => l === 'after request')).toHaveLength(4);
  });

  it('leaves sync scripts (rewritten to await their calls) as they were', async () => {
    const { r } = await run(`export default function () { http.get(__ENV.BASE_URL + '/health'); sleep(0.01); http.get(__ENV.BASE_URL + '/health'); }`);
    expect(r.threading?.syncCalls).toBe('awaited');
    expect(r.summary.metrics.http_reqs?.values.count).toBe(8);
    expect(r.summary.metrics.iterations?.values.count).toBe(4);
  });
});
