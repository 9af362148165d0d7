/**
 * Response.submitForm() and Response.clickLink() (modules/http-navigation.ts): the request
 * k6 makes from a fetched page, sent by the VU's client, on awaited and on blocking VUs alike.
 * test/conformance/scripts/http-forms-json.js holds the same calls against real k6.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runScript, type EngineRunResult } from '../../src/engine/index.js';
import type { K6LogEntry } from '../../src/engine/output/k6-log.js';
import { compileScript } from '../../src/engine/script/compile.js';
import { asyncifyScript } from '../../src/engine/script/asyncify.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';

const PAGE = `<html><body>
<form id="login" method="post" action="/seen?from=form"><input name="user" value="alice"><input type="hidden" name="token" value="t 1">
<select name="lang"><option value="en">en</option><option value="fr" selected>fr</option></select>
<input type="submit" name="go" value="Sign in"></form>
<form id="search" action="sub/seen?page=2"><input name="q" value="a&b"><button type="submit" name="btn" value="find">Find</button></form>
<form id="self"><input name="x" value="1"></form>
<a class="nav" href="/seen?link=1#top">first</a><a class="nav" href="../seen?link=2">second</a><a class="empty">no href</a>
</body></html>`;

/** /dir/page: the page; /seen and /dir/sub/seen: what arrived (method, URL, body). */
function handler(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const path = (req.url ?? '').split('?')[0];
  if (req.url === '/dir/page') {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    return true;
  }
  if (path === '/seen' || path === '/dir/sub/seen' || path === '/dir/page') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString(), type: req.headers['content-type'] ?? '' }));
    });
    return true;
  }
  return false;
}

const dir = mkdtempSync(join(tmpdir(), 'lg-navigation-'));
let n = 0;
function writeScript(source: string): string {
  const file = join(dir, `s${++n}.js`);
  writeFileSync(file, source);
  return file;
}

const SCRIPT = `import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 2 };
const B = __ENV.BASE_URL;
function page() { return http.get(B + '/dir/page'); }
export default function () {
  const p = page();
  const posted = p.submitForm({ formSelector: '#login', fields: { user: 'bob', extra: 7 } });
  check(posted.json(), {
    'POST to the resolved action, its query kept': (s) => s.method === 'POST' && s.url === '/seen?from=form',
    'form fields, submit button and fields, form-encoded and sorted': (s) =>
      s.type === 'application/x-www-form-urlencoded' && s.body === 'extra=7&go=Sign+in&lang=fr&token=t+1&user=bob',
  });
  const searched = p.submitForm({ formSelector: '#search' });
  check(searched.json(), { 'GET: the fields replace the action query, resolved against the page': (s) => s.method === 'GET' && s.url === '/dir/sub/seen?btn=find&q=a%26b' });
  const self = p.submitForm({ formSelector: '#self', params: { tags: { name: 'self' } } });
  check(self.json(), { 'no action: the page itself': (s) => s.url === '/dir/page?x=1' });
  check(p.clickLink().json(), { 'clickLink: the first a[href], without its fragment': (s) => s.method === 'GET' && s.url === '/seen?link=1' });
  check(p.clickLink({ selector: 'a[href^="../"]' }).json(), { 'clickLink: relative href': (s) => s.url === '/seen?link=2' });
}
`;

describe('Response.submitForm and clickLink', () => {
  let server: TargetServer;
  beforeAll(async () => {
    server = await startTargetServer(handler);
  });
  afterAll(() => server.close());

  it('send what k6 sends, the same on awaited and on blocking VUs', async () => {
    const scriptPath = writeScript(SCRIPT);
    const runs: EngineRunResult[] = [];
    for (const vuThreads of ['auto', 'per-vu'] as const) {
      runs.push(await runScript({ scriptPath, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads }));
    }
    expect(runs.map((r) => r.threading?.syncCalls)).toEqual(['awaited', 'blocking']);
    for (const r of runs) {
      expect(r.errors).toEqual([]);
      const checks = r.summary.root_group.checks.map((c) => [c.name, c.passes, c.fails]);
      expect(checks).toHaveLength(6);
      for (const c of checks) expect(c).toEqual([c[0], 2, 0]);
      // 2 iterations × (page + 3 forms + 2 links)
      expect(r.summary.metrics.http_reqs?.values.count).toBe(12);
    }
  }, 60_000);

  it.each([
    ['no form', `p.submitForm({ formSelector: '#nope' })`, "GoError: no form found for selector '#nope' in response 'BASE/dir/page'"],
    ['no link', `p.clickLink({ selector: 'a.missing' })`, "GoError: no element found for selector 'a.missing' in response 'BASE/dir/page'"],
    ['no href', `p.clickLink({ selector: 'a.empty' })`, "GoError: no valid href attribute value found on element 'a.empty' in response 'BASE/dir/page'"],
    ['null options', `p.submitForm(null)`, 'TypeError: Cannot convert undefined or null to object'],
  ])('%s: k6 error, located at the call through goja native frame', async (_, call, message) => {
    const scriptPath = writeScript(`import http from 'k6/http';
export const options = { iterations: 1 };
export default function () {
  const p = http.get(__ENV.BASE_URL + '/dir/page');
  ${call};
}
`);
    const entries: K6LogEntry[] = [];
    const r = await runScript({ scriptPath, env: { BASE_URL: server.url }, console: { ...captureConsole().console, entry: (e) => entries.push(e) } });
    expect(r.errors).toHaveLength(1);
    const errors = entries.filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    const [first, ...frames] = (errors[0] as K6LogEntry).msg.replace(server.url, 'BASE').split('\n\tat ');
    expect(first).toBe(message);
    // k6 places the call at its `(`: `  p.submitForm(` → column 15, `  p.clickLink(` → 14.
    expect(frames).toEqual(['reflect.methodValueCall (native)', `default (${pathToFileURL(scriptPath).href}:5:${call.indexOf('(') + 3})\n`]);
  });
});

describe('asyncify: Response methods that send a request', () => {
  it('awaits every submitForm and clickLink call of a script that imports k6/http', async () => {
    const r = asyncifyScript(
      await compileScript(writeScript(`import http from 'k6/http';\nfunction login(p) { return p.submitForm({ fields: { u: 'a' } }); }\nexport default function () { const p = http.get('http://127.0.0.1/'); login(p).clickLink(); }\n`)),
    );
    expect(r.kind).toBe('asyncified');
    if (r.kind !== 'asyncified') return;
    expect(r.script.code).toContain('return (await p.submitForm({ fields: { u: "a" } }));');
    expect(r.script.code).toContain('(await (await login(p)).clickLink());');
  });

  it("leaves a script alone whose own method of that name does not block", async () => {
    const r = asyncifyScript(
      await compileScript(writeScript(`import http from 'k6/http';\nconst ui = { submitForm() { return 1; } };\nexport default function () { http.get('http://127.0.0.1/').submitForm(); ui.submitForm(); }\n`)),
    );
    expect(r).toEqual({ kind: 'unchanged', reason: expect.stringMatching(/method "submitForm" makes blocking calls and another method of that name does not/) });
  });
});
