/**
 * k6/encoding, k6/crypto and k6/html (with Response.html()) in the embedded engine: one k6
 * script each (test/engine/scripts/k6-modules/), run against a local server that checks
 * what the script computed (a Basic header, an HMAC signature, a serialized form). Expected
 * values come from published test vectors (RFC 4648, FIPS 180, RFC 1321, RFC 2202/4231) and
 * from the page the server serves. Where the runner finds a real k6 (K6_PATH, else PATH),
 * the same scripts run under it too and must give the same checks and console lines; without
 * one those tests skip with a notice, and fail when CI says k6 is there (LOADGATE_EXPECT_K6=1).
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../src/engine/index.js';
import type { EngineRunResult } from '../../src/engine/types.js';
import { runWithK6 } from '../../src/runner/k6-binary/index.js';
import { currentK6 } from '../helpers/real-k6.js';
import { captureConsole, startTargetServer, type TargetServer } from './helpers/target-server.js';

const SCRIPTS = new URL('./scripts/k6-modules/', import.meta.url).pathname;

const SHOP_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><title>Shop &amp; Co</title><meta name="csrf" content="tok-123"></head>
<body>
<h1 id="top" class="title main" data-count="3" data-price="10.50" data-json='{"a":[1,2]}' data-flag="true" data-some-thing="x">Welcome <b>back</b></h1>
<ul id="items">
  <li class="item" data-id="1">One</li>
  <li class="item sale" data-id="2">Two</li>
  <li class="item" data-id="3"><a href="/p/3?x=1&amp;y=2">Three</a></li>
</ul>
<table><tr><td>cell</td></tr></table>
<div id="render"><p title='a"b&amp;c<d>' class=x>x<br>y<img src="i.png"> 'q' &amp;</p><!-- n & m --></div>
<form id="login" action="/login" method="post">
  <input type="hidden" name="csrf" value="tok-123">
  <label for="user">User</label><input type="text" id="user" name="user" value="alice">
  <input type="password" name="pass">
  <input type="checkbox" name="remember" checked>
  <input type="checkbox" name="news" value="yes">
  <input type="radio" name="plan" value="free">
  <input type="radio" name="plan" value="pro" checked="checked">
  <input type="text" name="off" value="x" disabled="disabled">
  <input type="text" name="off2" value="y" disabled>
  <select name="color"><option value="r">Red</option><option selected>Green</option></select>
  <select name="tags" multiple><option value="a" selected>A</option><option value="b">B</option><option value="c" selected>C</option></select>
  <textarea name="bio">Hi &lt;there&gt;
line2</textarea>
  <button type="submit" name="go" value="1">Go</button>
  <input type="submit" name="s" value="Send">
</form>
</body>
</html>`;

const BASIC = `Basic ${Buffer.from('alice:s3cr\u00e9t', 'utf8').toString('base64')}`;

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => resolve(body));
  });
}

let server: TargetServer;
beforeAll(async () => {
  server = await startTargetServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/shop') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(SHOP_PAGE);
      return true;
    }
    if (path === '/basic') {
      res.writeHead(req.headers.authorization === BASIC ? 200 : 401).end();
      return true;
    }
    if (path === '/signed') {
      void readBody(req).then((body) => {
        const expected = createHmac('sha256', 'shared-secret').update(body).digest('hex');
        res.writeHead(req.headers['x-signature'] === expected ? 200 : 401).end();
      });
      return true;
    }
    if (path === '/login' && req.method === 'POST') {
      void readBody(req).then((body) => {
        const form = new URLSearchParams(body);
        const ok = form.get('csrf') === 'tok-123' && form.get('user') === 'alice' && form.getAll('tags').join() === 'a,c' && !form.has('remember');
        res.writeHead(ok ? 200 : 403).end(ok ? `welcome ${form.get('user')}` : 'rejected');
      });
      return true;
    }
    return false;
  });
});
afterAll(() => server.close());

interface Outcome {
  exitCode: number;
  checks: Array<[string, number, number]>;
  lines: string[];
}

function outcome(r: EngineRunResult, lines: string[]): Outcome {
  return { exitCode: r.exitCode, checks: r.summary.root_group.checks.map((c) => [c.name, c.passes, c.fails]), lines };
}

async function runEmbedded(script: string): Promise<Outcome> {
  const cap = captureConsole();
  const r = await runScript({ scriptPath: join(SCRIPTS, script), env: { BASE_URL: server.url }, console: cap.console });
  expect(r.errors).toEqual([]);
  return outcome(r, cap.lines);
}

const allPass = (o: Outcome) => o.checks.filter(([, passes, fails]) => passes !== 1 || fails !== 0);

describe('k6 modules in the embedded engine', () => {
  it('k6/encoding: RFC 4648 vectors, the four encodings, a Basic header the server accepts, Go decoding errors', async () => {
    const o = await runEmbedded('encoding.js');
    expect(o.exitCode).toBe(0);
    expect(o.checks).toHaveLength(9);
    expect(allPass(o)).toEqual([]);
    expect(o.lines).toEqual([
      'b64decode(Zm9vYg, std): GoError: illegal base64 data at input byte 4',
      'b64decode(Zm9vYg==, rawstd): GoError: illegal base64 data at input byte 6',
      'b64decode(Zm9vY, std): GoError: illegal base64 data at input byte 4',
      'b64decode(!!!!, std): GoError: illegal base64 data at input byte 0',
      'b64decode(-_-_, std): GoError: illegal base64 data at input byte 0',
      'b64decode(Zm9vYmFy=, std): GoError: illegal base64 data at input byte 8',
      'b64encode(42): GoError: invalid type int64, expected string, []byte or ArrayBuffer',
    ]);
  });

  it('k6/crypto: hash and HMAC vectors, digest-again hashers, a signature the server verifies, k6 error messages', async () => {
    const o = await runEmbedded('crypto.js');
    expect(o.exitCode).toBe(0);
    expect(o.checks).toHaveLength(9);
    expect(allPass(o)).toEqual([]);
    expect(o.lines).toEqual([
      'unknown output encoding: GoError: invalid output encoding: latin1',
      'no output encoding: GoError: invalid output encoding: ',
      'unknown hmac algorithm: GoError: invalid algorithm: sha3',
      'number input: GoError: sha1 failed: invalid type int64, expected string, []byte or ArrayBuffer',
      'randomBytes(0): GoError: invalid size',
    ]);
  });

  it('k6/html: Response.html() and parseHTML on a page with a form; the serialized form logs in', async () => {
    const o = await runEmbedded('html.js');
    expect(o.exitCode).toBe(0);
    expect(o.checks).toHaveLength(17);
    expect(allPass(o)).toEqual([]);
    expect(o.lines).toEqual([
      JSON.stringify([
        { name: 'csrf', value: 'tok-123' },
        { name: 'user', value: 'alice' },
        { name: 'pass', value: '' },
        { name: 'plan', value: 'pro' },
        { name: 'off2', value: 'y' },
        { name: 'color', value: 'Green' },
        { name: 'tags', value: ['a', 'c'] },
        { name: 'bio', value: 'Hi &lt;there&gt;\nline2' },
      ]),
      '\n  <li class="item" data-id="1">One</li>\n  <li class="item sale" data-id="2">Two</li>\n  <li class="item" data-id="3"><a href="/p/3?x=1&amp;y=2">Three</a></li>\n',
      'each(5): GoError: the argument to each() must be a function',
      "find(5): GoError: invalid argument, cannot use a 'int64' as a selector",
      'filter(5): GoError: the argument to filter() must be a function, a selector or a selection',
    ]);
  });
});

const k6 = currentK6(import.meta.url, 'the real-k6 comparison');

describe.runIf(k6 !== null)(`k6 modules: the embedded engine agrees with real k6 (${k6?.version ?? 'none'})`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-modules-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const script of ['encoding.js', 'crypto.js', 'html.js']) {
    it(`${script}: same checks, same console output`, async () => {
      const cap = captureConsole();
      const real = await runWithK6({ k6Path: (k6 as { path: string }).path, scriptPath: join(SCRIPTS, script), workDir: join(dir, script), env: { BASE_URL: server.url }, console: cap.console });
      const embedded = await runEmbedded(script);
      expect(outcome(real, cap.lines)).toEqual(embedded);
      expect(allPass(embedded)).toEqual([]);
    });
  }
});
