/**
 * The rewrite that runs sync scripts on shared async VUs (script/asyncify.ts): what it
 * rewrites, what it refuses (and why), and that a rewritten script behaves exactly like
 * the same script on blocking VU threads.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { compileScript } from '../../src/engine/script/compile.js';
import { asyncifyScript, type AsyncifyResult } from '../../src/engine/script/asyncify.js';
import { runScript, type EngineRunResult } from '../../src/engine/index.js';
import type { K6Group } from '../../src/core/k6-summary.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';

const dir = mkdtempSync(join(tmpdir(), 'lg-asyncify-'));
let n = 0;

function writeScript(source: string, ext = 'js', extra: Record<string, string> = {}): string {
  const file = join(dir, `s${++n}.${ext}`);
  writeFileSync(file, source);
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return file;
}

async function rewrite(source: string, extra: Record<string, string> = {}): Promise<AsyncifyResult> {
  return asyncifyScript(await compileScript(writeScript(source, 'js', extra)));
}

/** The rewritten code, checked to compile as the engine compiles it. */
async function rewritten(source: string, extra: Record<string, string> = {}): Promise<string> {
  const r = await rewrite(source, extra);
  if (r.kind !== 'asyncified') throw new Error(`not rewritten: ${JSON.stringify(r)}`);
  vm.compileFunction(r.script.code, ['require', 'module', 'exports', '__ENV', '__VU', '__ITER', 'open', 'console']);
  expect(r.script.blockingCallsAwaited).toBe(true);
  return r.script.code;
}

const HEAD = `import http from 'k6/http';\nimport { check, group, sleep } from 'k6';\n`;

describe('asyncify: what it rewrites', () => {
  it('awaits every blocking call and makes their functions async, through helpers, imports and group()', async () => {
    const code = await rewritten(
      `${HEAD}import * as k6 from 'k6';
import { get as fetchPage } from 'k6/http';
import { listAll } from './lib.js';
function login(user) {
  const r = http.post('http://127.0.0.1/login', JSON.stringify({ user }));
  check(r, { ok: (x) => x.status === 200 });
  return r.json('token');
}
const visit = (path) => fetchPage('http://127.0.0.1' + path);
function browse() { visit('/b'); }
export function setup() { return { token: login('a') }; }
export default function (data) {
  group('pages', () => { visit('/a'); });
  group('named', browse);
  check(http.get('http://127.0.0.1/'), { '200': (r) => r.status === 200 });
  listAll();
  k6.sleep(0.1);
  sleep(1);
}
export function teardown() { http.del('http://127.0.0.1/x'); }
`,
      { 'lib.js': `import http from 'k6/http';\nexport function listAll() { return http.batch(['http://127.0.0.1/1', 'http://127.0.0.1/2']); }\n` },
    );
    expect(code).toMatch(/async function listAll\(\) \{\s+return \(await import_http\d*\.default\.batch\(/);
    expect(code).toMatch(/async function login\(user\) \{\s+const r = \(await import_http\d*\.default\.post\(/);
    expect(code).toMatch(/var visit = async \(path\) => \(await \(0, import_http\d*\.get\)\("http:\/\/127\.0\.0\.1" \+ path\)\);/);
    expect(code).toMatch(/async function browse\(\) \{\s+\(await visit\("\/b"\)\);/);
    expect(code).toMatch(/async function setup\(\) \{\s+return \{ token: \(await login\("a"\)\) \};/);
    expect(code).toContain('(await (0, import_k6.group)("pages", async () => {');
    expect(code).toContain('(await (0, import_k6.group)("named", browse));');
    // The call inside check() is awaited; check itself stays sync.
    expect(code).toMatch(/\(0, import_k6\.check\)\(\(await import_http\d*\.default\.get\("http:\/\/127\.0\.0\.1\/"\)\), \{/);
    expect(code).toContain('(await listAll());');
    expect(code).toContain('(await k6.sleep(0.1));');
    expect(code).toContain('(await (0, import_k6.sleep)(1));');
    expect(code).toMatch(/async function teardown\(\) \{\s+\(await import_http\d*\.default\.del\(/);
    // Predicates that make no blocking call are untouched.
    expect(code).toContain('ok: (x) => x.status === 200');
  });

  it('handles recursion, named function expressions, nested calls and functions that are async already', async () => {
    const code = await rewritten(`${HEAD}
function crawl(depth) { if (depth > 0) { http.get('http://127.0.0.1/' + depth); crawl(depth - 1); } }
const retry = function again(n) { const r = http.get('http://127.0.0.1/'); return r.status === 200 || n === 0 ? r : again(n - 1); };
function status(r) { return r.status; }
function fetch(u) { return http.get(u); }
export default async function () {
  crawl(2);
  retry(3);
  (() => http.get('http://127.0.0.1/iife'))();
  status(fetch('http://127.0.0.1/' + fetch('http://127.0.0.1/').status));
  await http.asyncRequest('GET', 'http://127.0.0.1/');
}
`);
    expect(code).toMatch(/async function crawl\(depth\) \{[^}]*\(await crawl\(depth - 1\)\)/);
    expect(code).toContain('var retry = async function again(n) {');
    expect(code).toContain(': (await again(n - 1));');
    expect(code).toContain('status((await fetch("http://127.0.0.1/" + (await fetch("http://127.0.0.1/")).status)));');
    expect(code).toContain('(await (async () => (await import_http.default.get("http://127.0.0.1/iife")))());');
    expect(code).toContain('function status(r) {');
    expect(code).not.toContain('async function status');
    // Already async: no second `async`; its own awaits are left alone.
    expect(code).toMatch(/\nasync function \w+\(\) \{\s+\(await crawl\(2\)\);/);
    expect(code).not.toContain('async async');
    expect(code).toContain('await import_http.default.asyncRequest("GET"');
    expect(code).not.toContain('(await import_http.default.asyncRequest');
  });

  it('awaits forEach and map callbacks that block, through a helper wrapping the list', async () => {
    const code = await rewritten(`${HEAD}
function hit(p) { return http.get('http://127.0.0.1/' + p); }
function pages() { return ['a']; }
export default function () {
  ['a', 'b'].forEach((p) => { http.get('http://127.0.0.1/' + p); });
  const statuses = ['c'].map(hit).map((r) => r.status);
  pages().forEach(hit);
  ['d'].forEach((p) => console.log(p));
}
`);
    expect(code).toContain('(await __loadgateEach(["a", "b"]).forEach(async (p) => {');
    // Only the map whose callback blocks is awaited; the next one maps the awaited array.
    expect(code).toContain('const statuses = (await __loadgateEach(["c"]).map(hit)).map((r) => r.status);');
    expect(code).toContain('(await __loadgateEach(pages()).forEach(hit));');
    expect(code).toContain('["d"].forEach((p) => console.log(p));');
  });

  it('makes class and object methods async by name, and awaits every call of that name', async () => {
    const code = await rewritten(`${HEAD}
class Api {
  base = 'http://127.0.0.1';
  login(user) { return http.post(this.base + '/login', user); }
  static ping() { return http.get('http://127.0.0.1/ping'); }
  #token() { return this.login('t').json('token'); }
  token() { return this.#token(); }
}
const client = { fetch(p) { return http.get('http://127.0.0.1' + p); }, 'del': function (p) { return http.del('http://127.0.0.1' + p); } };
const plain = new Map([['a', 1]]);
export default function () {
  const api = new Api();
  api.login('u');
  Api.ping();
  check(api.token(), { t: (t) => t !== undefined });
  client.fetch('/x');
  client['del']('/y');
  plain.get('a');
}
`);
    expect(code).toContain('  async login(user) {\n    return (await import_http.default.post(this.base + "/login", user));');
    expect(code).toContain('  static async ping() {');
    expect(code).toContain('  async #token() {\n    return (await this.login("t")).json("token");');
    expect(code).toContain('  async token() {\n    return (await this.#token());');
    expect(code).toContain('{ async fetch(p) {');
    expect(code).toContain('"del": async function(p) {');
    expect(code).toContain('(await api.login("u"));');
    expect(code).toContain('(await Api.ping());');
    expect(code).toContain('(0, import_k6.check)((await api.token()), {');
    expect(code).toContain('(await client.fetch("/x"));');
    expect(code).toContain('(await client["del"]("/y"));');
    // http.get's own name: every .get( call is awaited, which leaves a plain value as it is.
    expect(code).toContain('plain.get("a");');
  });

  it('leaves scripts without blocking calls alone', async () => {
    expect((await rewrite(`import http from 'k6/http';\nexport default async function () { await http.asyncRequest('GET', 'http://127.0.0.1/'); }\n`)).kind).toBe('non-blocking');
  });
});

describe('asyncify: what it refuses, and says why', () => {
  const refused: Array<[string, string, RegExp]> = [
    ['a blocking call in a filter callback', `export default function () { ['a', 'b'].filter((p) => http.get('http://127.0.0.1/' + p).status === 200); }`, /passed or stored as a value/],
    ['forEach called optionally', `export default function () { const l = ['a']; l?.forEach((p) => http.get('http://127.0.0.1/' + p)); }`, /passed or stored as a value/],
    ['a blocking call in a check() predicate', `export default function () { check(1, { up: () => http.get('http://127.0.0.1/').status === 200 }); }`, /passed or stored as a value/],
    ['a blocking member kept in a variable', `const get = http.get;\nexport default function () { get('http://127.0.0.1/'); }`, /`get` of `k6\/http` is used other than by calling it/],
    ['the module object passed around', `const h = http;\nexport default function () { h.get('http://127.0.0.1/'); }`, /module object is used as a value/],
    ['a blocking call in the init context', `http.get('http://127.0.0.1/');\nexport default function () {}`, /in the init context/],
    ['an async-made function called in the init context', `function warm() { http.get('http://127.0.0.1/'); }\nwarm();\nexport default function () {}`, /in the init context/],
    ['a method read as a value', `class Api { home() { return http.get('http://127.0.0.1/'); } }\nexport default function () { const a = new Api(); const f = a.home.bind(a); f(); }`, /method "home" makes blocking calls and is used as a value/],
    ['a destructured method', `class Api { home() { return http.get('http://127.0.0.1/'); } }\nexport default function () { const { home } = new Api(); home(); }`, /method "home" makes blocking calls and is destructured/],
    ['a method called by a computed name', `class Api { home() { return http.get('http://127.0.0.1/'); } }\nexport default function () { const name = 'home'; new Api()[name](); }`, /a method called by a computed name/],
    ['another async method of the same name', `class A { home() { return http.get('http://127.0.0.1/'); } }\nclass B { async home() { return 1; } }\nexport default function () { new A().home(); new B().home().then(() => 0); }`, /method "home" makes blocking calls and another method of that name does not, or is async already/],
    ['another method of the same name that does not block', `class A { home() { return http.get('http://127.0.0.1/'); } }\nconst b = { home() { return http.asyncRequest('GET', 'http://127.0.0.1/'); } };\nexport default function () { new A().home(); b.home().then(() => 0); }`, /method "home" makes blocking calls and another method of that name does not/],
    ['a getter', `class Api { get home() { return http.get('http://127.0.0.1/'); } }\nexport default function () { return new Api().home; }`, /a blocking call in a getter or setter/],
    ['a constructor', `class Api { constructor() { this.r = http.get('http://127.0.0.1/'); } }\nexport default function () { new Api(); }`, /a blocking call in a constructor/],
    ['a method named then', `const api = { then() { return http.get('http://127.0.0.1/'); } };\nexport default function () { api.then(); }`, /method named "then" that makes blocking calls \(the language calls it implicitly\)/],
    ['an object whose method blocks, passed on', `const api = { home() { return http.get('http://127.0.0.1/'); } };\nfunction use(a) { return a.home(); }\nexport default function () { use(api); }`, /object "api" has methods that make blocking calls and is used as a value/],
    ['an unnamed object whose method blocks', `export default function () { [{ home() { return http.get('http://127.0.0.1/'); } }][0].home(); }`, /an object whose methods make blocking calls is passed or stored as a value/],
    ['a generator', `function* pages() { yield http.get('http://127.0.0.1/'); }\nexport default function () { for (const p of pages()) check(p, {}); }`, /generator/],
    ['a default parameter value', `function f(r = http.get('http://127.0.0.1/')) { return r; }\nexport default function () { f(); }`, /default parameter value/],
    ['a function stored elsewhere', `function hit() { http.get('http://127.0.0.1/'); }\nconst table = { hit };\nexport default function () { table.hit(); }`, /function "hit" makes blocking calls and is used as a value/],
    ['a function passed to a non-group call', `function hit() { http.get('http://127.0.0.1/'); }\nexport default function () { setTimeout(hit, 1); }`, /function "hit" makes blocking calls and is used as a value/],
    ['a reassigned function', `let hit = () => http.get('http://127.0.0.1/');\nhit = () => null;\nexport default function () { hit(); }`, /function "hit" is reassigned/],
    ['an optional call', `function hit() { http.get('http://127.0.0.1/'); }\nexport default function () { hit?.(); }`, /optional call/],
    ['a direct eval', `export default function () { eval('1'); http.get('http://127.0.0.1/'); }`, /direct eval/],
    ['a require() of a computed name', `const name = __ENV.HTTP_MODULE || 'k6/http';
export default function () { const m = require(name); m.get('http://127.0.0.1/'); }`, /computed module name/],
    ['an assignment to an undeclared variable (a global the VUs of a thread would share)', `export default function () { seen = (typeof seen === 'number' ? seen : 0) + 1; http.get('http://127.0.0.1/'); }`, /assignment to the undeclared variable "seen"/],
    ['a use of globalThis (shared by the VUs of a thread)', `export default function () { globalThis.n = (globalThis.n || 0) + 1; http.get('http://127.0.0.1/'); }`, /use of the global object \(globalThis\)/],
    ['a class field', `class A { r = http.get('http://127.0.0.1/'); }\nexport default function () { new A(); }`, /class field/],
  ];
  it.each(refused)('%s', async (_, body, reason) => {
    const r = await rewrite(`${HEAD}${body}\n`);
    expect(r.kind).toBe('unchanged');
    if (r.kind === 'unchanged') {
      expect(r.reason).toMatch(reason);
      expect(r.reason).toMatch(/at compiled line \d+, column \d+$/);
    }
  });

  it('a refused script runs with a thread per VU, and the engine reports why', async () => {
    const r = await runScript({
      scriptPath: writeScript(`${HEAD}export const options = { iterations: 2 };\nexport default function () { [1].filter(() => sleep(0.01)); }\n`),
      console: captureConsole().console,
    });
    expect(r.exitCode).toBe(0);
    expect(r.threading).toEqual({ vuThreads: 'per-vu', syncCalls: 'blocking', reason: expect.stringMatching(/passed or stored as a value/) });
    expect(r.summary.metrics.iterations?.values.count).toBe(2);
  });

  it('warns when a refused script would start many threads', async () => {
    const out = captureConsole();
    const r = await runScript({
      scriptPath: writeScript(`${HEAD}export const options = { vus: 60, iterations: 60 };\nexport default function () { [1].filter(() => sleep(0.001)); }\n`),
      console: out.console,
    });
    expect(r.exitCode).toBe(0);
    expect(r.warnings.join('\n')).toMatch(/the script's 60 VUs each run in a thread of their own .* because of a function that makes blocking calls is passed or stored as a value/);
  }, 60_000);
});

function countsOf(r: EngineRunResult): Record<string, number | undefined> {
  const m = r.summary.metrics;
  return {
    http_reqs: m.http_reqs?.values.count,
    iterations: m.iterations?.values.count,
    checks_passes: m.checks?.values.passes,
    checks_fails: m.checks?.values.fails,
    pages: m.pages?.values.count,
    failed: m.http_req_failed?.values.passes,
    group_durations: m.group_duration ? 1 : 0,
  };
}

function groupShape(g: K6Group): unknown {
  return { name: g.name, groups: g.groups.map(groupShape), checks: g.checks.map((c) => [c.name, c.passes, c.fails]) };
}

describe('asyncify: a rewritten script behaves like the same script on blocking threads', () => {
  let server: TargetServer;
  beforeAll(async () => {
    server = await startTargetServer();
  });
  afterAll(() => server.close());

  it('same requests, checks, groups, custom metrics, setup data and teardown', async () => {
    const script = writeScript(
      `import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import exec from 'k6/execution';
const pages = new Counter('pages');
const BASE = __ENV.BASE_URL;
export const options = {
  scenarios: { main: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } },
  thresholds: { 'checks{group:::browse}': ['rate>0.5'] },
};
class Site {
  constructor(base) { this.base = base; }
  visit(path) {
    const r = http.get(this.base + path, { tags: { name: path } });
    pages.add(1);
    return r;
  }
}
const site = new Site(BASE);
function visit(path) {
  return site.visit(path);
}
function browse(n) {
  group('browse', () => {
    check(visit('/health'), { 'health 200': (r) => r.status === 200 });
    check(visit('/missing'), { 'missing 404': (r) => r.status === 404 });
    if (n > 0) group('deeper', () => browse(n - 1));
  });
}
export function setup() {
  const r = http.post(BASE + '/echo', JSON.stringify({ token: 't' + exec.vu.idInTest }));
  return r.json();
}
export default function (data) {
  check(data, { 'setup data': (d) => d.token === 't0' });
  browse(__ITER % 2);
  const codes = ['/health', '/missing'].map((p) => visit(p).status);
  check(codes, { 'map in order': (c) => c.join() === '200,404' });
  new Set(['/health']).forEach((p) => { check(visit(p), { 'set forEach': (r) => r.status === 200 }); });
  const [a, b] = http.batch([BASE + '/health', ['POST', BASE + '/echo', 'x']]);
  check(a, { batch: (r) => r.status === 200 && b.body === 'x' });
  sleep(0.01);
}
export function teardown(data) { http.post(BASE + '/echo', data.token); }
`,
    );
    const runs: Record<string, EngineRunResult> = {};
    for (const vuThreads of ['auto', 'per-vu'] as const) {
      const before = new Map(server.hits);
      runs[vuThreads] = await runScript({ scriptPath: script, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads });
      // setup 1 + teardown 1 echo; 12 iterations × (batch echo 1)
      expect((server.hits.get('/echo') ?? 0) - (before.get('/echo') ?? 0)).toBe(14);
    }
    const auto = runs.auto as EngineRunResult;
    const blocking = runs['per-vu'] as EngineRunResult;
    expect(auto.threading?.syncCalls).toBe('awaited');
    expect(blocking.threading?.syncCalls).toBe('blocking');
    for (const r of [auto, blocking]) {
      expect(r.errors.filter((e) => !e.startsWith('Request Failed'))).toEqual([]);
      expect(r.exitCode).toBe(0);
    }
    // 12 iterations: 6 browse once (2 pages), 6 browse twice (4 pages); + 2 batch each; + setup and teardown.
    // + 3 pages per iteration from map and forEach, 2 more checks.
    expect(countsOf(auto)).toEqual({ http_reqs: 6 * 2 + 6 * 4 + 12 * 3 + 12 * 2 + 2, iterations: 12, checks_passes: 12 + 36 + 12 + 24, checks_fails: 0, pages: 36 + 36, failed: 18 + 12, group_durations: 1 });
    expect(countsOf(auto)).toEqual(countsOf(blocking));
    expect(groupShape(auto.summary.root_group)).toEqual(groupShape(blocking.summary.root_group));
    expect(auto.summary.metrics['checks{group:::browse}']).toEqual(blocking.summary.metrics['checks{group:::browse}']);
  }, 60_000);

  it('maps an error on a line the rewrite widened to the same TypeScript line and column', async () => {
    const script = writeScript(
      `import http from 'k6/http';
import { check } from 'k6';
export const options = { iterations: 1 };
const table: Record<string, { id: number }> = {};
export default function (): void {
  const ok = check(http.get(\`\${__ENV.BASE_URL}/health\`), { up: (r) => r.status === 200 }) && check(http.get(\`\${__ENV.BASE_URL}/health\`), { up: (r) => r.status === 200 });
  if (ok) console.log(http.get(\`\${__ENV.BASE_URL}/health\`).status, table['missing'].id);
}
`,
      'ts',
    );
    const where: string[] = [];
    for (const vuThreads of ['auto', 'per-vu'] as const) {
      const r = await runScript({ scriptPath: script, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads });
      expect(r.summary.metrics.http_reqs?.values.count).toBe(3);
      where.push(...r.errors);
    }
    expect(where).toHaveLength(2);
    expect(where[0]).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'id'\) at .*s\d+\.ts:7:85$/);
    expect(where[1]).toBe(where[0]);
  }, 30_000);
});
