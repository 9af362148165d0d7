import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTargetServer, type TargetServer } from '../engine/helpers/target-server.js';
import { K6_FIXTURES } from '../helpers/fixtures.js';
import { k6LogText } from '../helpers/k6-log.js';

const fixtures = K6_FIXTURES;

/** Answers like the nginx of the fixtures: /health 200 {"status":"ok"}, everything else 404. */
let server: TargetServer;
let base: string;
beforeAll(async () => {
  server = await startTargetServer();
  base = server.url;
});
afterAll(() => server.close());

describe('loadgate k6 run', () => {
  it("runs a script read from stdin (`-`), naming it as k6 does: script: -, file:///- in stacks; lines recorded from k6 v2.2.0", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-k6run-stdin-'));
    const r = await runCli(['k6', 'run', '--iterations', '1', '-'], { cwd: dir, input: 'export default function () { console.log("hi"); throw new Error("boom"); }\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ +script: -$/m);
    expect(k6LogText(r.stderr).trim()).toBe('hi\nError: boom\n\tat default (file:///-:1:55)');
    const init = await runCli(['k6', 'run', '-q', '-'], { cwd: dir, input: 'throw new Error("init")\nexport default function () {}\n' });
    expect(init.code).toBe(107);
    expect(k6LogText(init.stderr).trim()).toBe('Error: init\n\tat file:///-:1:7');
    // What is not JavaScript k6 v2 compiles as TypeScript: types run, a syntax error is in esbuild's words.
    const typed = await runCli(['k6', 'run', '-q', '--iterations', '1', '-'], { cwd: dir, input: 'const x: number = 1;\nexport default function () { console.log(x); throw new Error("b"); }\n' });
    expect(k6LogText(typed.stderr).trim()).toBe('1\nError: b\n\tat default (file:///-:2:51)');
    const broken = await runCli(['k6', 'run', '-q', '-'], { cwd: dir, input: 'syntax error(\n' });
    expect(broken.code).toBe(107);
    expect(k6LogText(broken.stderr).trim()).toBe("could not initialize '-': could not load JS test 'file:///-': file:///-: Line 1:7 Expected \";\" but found \"error\"");
    // Nothing is left in the working directory.
    expect(existsSync(join(dir, '.loadgate'))).toBe(false);
  });

  it("runs k6's own script unchanged, with k6's summary, outputs and exit code", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-k6run-'));
    const r = await runCli(
      // The fixtures are k6 v0.49's: its summary is the one k6 v2 calls legacy.
      ['k6', 'run', join(fixtures, 'script-default-summary.js'), '--compat', 'v0.49', '-e', `BASE_URL=${base}`, '--summary-export', 'export.json', '--out', 'json=points.ndjson', '--quiet'],
      { cwd: dir },
    );
    // http_req_failed rate<0.01 is crossed by the 404s, as in k6's own run.
    expect(r.code).toBe(99);
    expect(r.stdout).toMatch(/✗ http_req_failed\.+: \d+\.\d+%/);
    expect(r.stdout).toMatch(/█ health\n\n {7}✓ status is 200/);
    expect(r.stderr).not.toMatch(/running \(/);
    const exported = JSON.parse(await readFile(join(dir, 'export.json'), 'utf8'));
    // The legacy export flags FAILED thresholds with true.
    expect(exported.metrics.http_req_failed.thresholds).toEqual({ 'rate<0.01': true });
    expect(exported.metrics.checks.thresholds).toEqual({ 'rate>0.9': false });
    expect(exported.metrics.http_req_failed.value).toBeGreaterThan(0.3);
    expect(Object.keys(exported.root_group.groups)).toEqual(['setup', 'health', 'missing', 'teardown']);
    const lines = (await readFile(join(dir, 'points.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const reqs = lines.filter((l) => l.type === 'Point' && l.metric === 'http_reqs').length;
    expect(reqs).toBe(exported.metrics.http_reqs.count);
  });

  it('writes what handleSummary returns, by k6 convention', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-k6run-'));
    await writeFile(
      join(dir, 'hs.ts'),
      `import http from 'k6/http';
export const options = { iterations: 3, vus: 1 };
export default function (): void { http.get(__ENV.BASE_URL + '/health'); }
export function handleSummary(data: { metrics: { http_reqs: { values: { count: number } } } }) {
  return { 'out/summary.json': JSON.stringify(data), stdout: 'reqs=' + data.metrics.http_reqs.values.count + '\\n' };
}
`,
    );
    // BASE_URL from the system environment reaches __ENV, as in k6 run, unless turned off.
    const r = await runCli(['k6', 'run', 'hs.ts', '-q'], { cwd: dir, env: { BASE_URL: base } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('reqs=3\n');
    const off = await runCli(['k6', 'run', 'hs.ts', '-q', '--include-system-env-vars=false'], { cwd: dir, env: { BASE_URL: base } });
    expect(off.code).toBe(0);
    // k6's words for a relative URL (v2.2.0 and v0.49.0 alike).
    expect(k6LogText(off.stderr)).toContain('Request Failed: Get "undefined/health": unsupported protocol scheme ""');
    expect(JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8')).metrics.iterations.values.count).toBe(3);
  });

  it('--vu-threads chooses how VUs map to threads, and names the valid modes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-k6run-'));
    // globalThis is per thread: VUs sharing a thread see each other's writes.
    await writeFile(
      join(dir, 'threads.js'),
      `import http from 'k6/http';
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 1 } } };
export default function () { http.get(__ENV.BASE_URL + '/health'); globalThis.seen = (globalThis.seen || 0) + 1; console.log('seen=' + globalThis.seen); }
`,
    );
    const seen = (stderr: string) => [...stderr.matchAll(/seen=(\d)/g)].map((m) => m[1]).sort();
    // auto: a sync script using globalThis keeps a thread per VU, as each k6 VU has its own global object.
    const auto = await runCli(['k6', 'run', 'threads.js', '-q', '-e', `BASE_URL=${base}`], { cwd: dir });
    expect(auto.code).toBe(0);
    expect(seen(auto.stderr)).toEqual(['1', '1']);
    const shared = await runCli(['k6', 'run', 'threads.js', '-q', '-e', `BASE_URL=${base}`, '--vu-threads', 'shared'], { cwd: dir });
    expect(shared.code).toBe(0);
    expect(seen(shared.stderr)).toEqual(['1', '2']);
    const bad = await runCli(['k6', 'run', 'threads.js', '--vu-threads', 'many'], { cwd: dir });
    expect(bad.code).toBe(255);
    expect(k6LogText(bad.stderr).trim()).toBe('--vu-threads must be one of auto, per-vu, shared, got "many"');
  });

  it('exits 255 as k6 does for usage errors: a missing script, an unknown flag, a bad flag value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-k6run-usage-'));
    const missing = await runCli(['k6', 'run', 'nope.js'], { cwd: dir });
    expect(missing.code).toBe(255);
    expect(k6LogText(missing.stderr)).toMatch(/The moduleSpecifier "nope\.js" couldn't be found on local disk/);
    const flag = await runCli(['k6', 'run', '--bogus', 'nope.js'], { cwd: dir });
    expect(flag.code).toBe(255);
    expect(k6LogText(flag.stderr).trim()).toBe('unknown flag: --bogus');
    const value = await runCli(['k6', 'run', '--vu-threads', 'many', 'nope.js'], { cwd: dir });
    expect(value.code).toBe(255);
    // The rest of loadgate keeps its own usage code.
    expect((await runCli(['run', '--bogus'], { cwd: dir })).code).toBe(2);
  });

  it('exits 107 with k6 v2.2\'s words and position for a script that does not parse (v0.49\'s under --compat v0.49)', async () => {
    const r = await runCli(['k6', 'run', join(fixtures, 'syntax-error.js')], { cwd: await mkdtemp(join(tmpdir(), 'loadgate-k6run-')) });
    expect(r.code).toBe(107);
    // Current k6's form: it cannot load the script, goja's `Line line:column` (1-based), once.
    expect(k6LogText(r.stderr)).toMatch(/could not initialize '.*syntax-error\.js': could not load JS test '.*': file:\/\/\/.*syntax-error\.js: Line 2:33 Unexpected token \./);
    expect(k6LogText(r.stderr).match(/could not initialize/g)).toHaveLength(1);
    const ts = await mkdtemp(join(tmpdir(), 'loadgate-k6run-'));
    await writeFile(join(ts, 'bad.ts'), 'export default function () {\n  const x: number = ;\n}\n');
    const bad = await runCli(['k6', 'run', 'bad.ts'], { cwd: ts });
    expect(bad.code).toBe(107);
    // k6 v2.2.0 word for word (it compiles TypeScript with esbuild).
    expect(k6LogText(bad.stderr)).toContain(`could not initialize 'bad.ts': could not load JS test 'file://${ts}/bad.ts': file://${ts}/bad.ts: Line 2:20 Unexpected ";"`);
    // k6 v0.49 had no TypeScript; --compat v0.49 words it as v0.49 worded JavaScript: Babel's form and code frame.
    const old = await runCli(['k6', 'run', '--compat', 'v0.49', 'bad.ts'], { cwd: ts });
    expect(old.code).toBe(107);
    expect(k6LogText(old.stderr)).toMatch(/SyntaxError: file:\/\/\/.*bad\.ts: Unexpected token \(2:20\)\n {2}1 \| .*\n> 2 \| {3}const x: number = ;\n/);
  });

  it('rejects outputs it cannot write, naming the flag', async () => {
    const r = await runCli(['k6', 'run', 'x.js', '--out', 'influxdb=http://x'], { cwd: await mkdtemp(join(tmpdir(), 'loadgate-k6run-')) });
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/--out "influxdb=http:\/\/x": the embedded engine writes only json=FILE/);
  });

  // VUs with nothing to wait for make samples (~2 M/s) faster than the main thread writes them
  // as JSON lines (~0.3 M/s). Without backpressure the queue grew without end and starved the
  // timer that ends the scenario: the run never ended (killed at 24 GB). Now the VUs wait for
  // the file, as k6's wait for theirs, and nothing is lost on the way.
  it('--out json holds back VUs that make samples faster than it writes them: the run ends, every sample in the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-k6run-out-'));
    await writeFile(join(dir, 'spin.js'), "export const options = { vus: 2, duration: '1s' };\nexport default function () {}\n");
    const r = await runCli(['k6', 'run', '-q', '--out', 'json=points.json', '--summary-export', 'export.json', 'spin.js'], { cwd: dir, timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    const exported = JSON.parse(await readFile(join(dir, 'export.json'), 'utf8'));
    const points = await readFile(join(dir, 'points.json'), 'utf8');
    const count = (metric: string): number => points.split(`{"metric":"${metric}","type":"Point"`).length - 1;
    expect(exported.metrics.iterations.count).toBeGreaterThan(1000);
    expect(count('iterations')).toBe(exported.metrics.iterations.count);
    expect(count('iteration_duration')).toBe(exported.metrics.iterations.count);
  });

  it('a json output whose folder does not exist is k6\'s "open <path>: no such file or directory", exit 255, and no folder is made', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-k6run-out-'));
    await writeFile(join(dir, 'one.js'), 'export const options = { iterations: 1 };\nexport default function () {}\n');
    for (const out of [join(dir, 'missing', 'points.json'), '/proc/1/x/points.json']) {
      const r = await runCli(['k6', 'run', '-q', '--out', `json=${out}`, 'one.js'], { cwd: dir });
      expect(r.code).toBe(255);
      expect(k6LogText(r.stderr)).toContain(`open ${out}: no such file or directory`);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
