/**
 * k6 options the engine honours or warns about, what k6/execution reports during a run,
 * and syntax errors positioned the way k6 positions them.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../src/engine/index.js';
import { knownScriptOptions, resolveEngineOptions } from '../../src/engine/options/engine-options.js';
import { InvalidOptionsError } from '../../src/engine/invalid-options-error.js';
import { consolidatedTestOptions } from '../../src/engine/options/test-options.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';
import { K6_FIXTURES } from '../helpers/fixtures.js';

const SCRIPTS = new URL('./scripts/', import.meta.url).pathname;
const FIXTURES = K6_FIXTURES;

const resolve = (raw: Record<string, unknown>) => resolveEngineOptions(raw, undefined, ['default'], undefined);

describe('script options', () => {
  it('warns about what of the options the engine does not do, naming it, and about unknown keys', () => {
    const { warnings } = resolve({ systemTags: ['url', 'vu', 'iter'], dns: { ttl: '1m' }, paused: true, httpDebug: 'full' });
    // httpDebug, dns and paused are implemented (http/http-debug.ts, http/dns-resolver.ts, engine-run): no warning for them. systemTags is, but for the tags it cannot add.
    expect(warnings).toEqual(['options.systemTags: the embedded engine does not add the vu, iter tags to samples (run the script on k6 if it depends on them)']);
    expect(knownScriptOptions({ vuz: 3, iterations: 1, noThresholds: true, cloud: {} }, 'v2')).toEqual({ options: { iterations: 1, cloud: {} }, firstUnknown: 'noThresholds' });
    expect(knownScriptOptions({ cloud: {} }, 'v0.49')).toEqual({ options: {}, firstUnknown: 'cloud' });
  });

  it('stays quiet about ignored options set to their k6 default, and about those it implements', () => {
    const { warnings } = resolve({
      rps: 5, dns: {}, noConnectionReuse: false, hosts: { 'a.test': '127.0.0.1' }, blockHostnames: ['*.b.test'], blacklistIPs: ['10.0.0.0/8'], tlsAuth: [], httpDebug: '',
      noVUConnectionReuse: true, userAgent: 'x/1', discardResponseBodies: true, insecureSkipTLSVerify: true, throw: true, tags: { a: 'b' }, maxRedirects: 3, batch: 5, batchPerHost: 2, noCookiesReset: true,
      noSetup: true, noTeardown: true, noThresholds: true, summaryTimeUnit: 's', minIterationDuration: '1s', setupTimeout: '5s', teardownTimeout: '5s', systemTags: ['url', 'check', 'group'],
    });
    expect(warnings).toEqual([]);
  });

  it('exec.test.options derives the scenario of the shortcuts (or of --vus/--duration) as k6 does', () => {
    const stats = ['avg'];
    const fromScript = consolidatedTestOptions({ vus: 2, duration: '30s', thresholds: { checks: ['rate>0.9'] } }, undefined, stats);
    expect(fromScript).toMatchObject({ rps: null, summaryTrendStats: stats, thresholds: { checks: ['rate>0.9'] } });
    // The shortcuts themselves are gone once they became a scenario (k6 v0.49 and v2 alike).
    for (const k of ['vus', 'duration', 'iterations', 'stages']) expect(fromScript).not.toHaveProperty(k);
    expect(fromScript.scenarios).toEqual({ default: { executor: 'constant-vus', startTime: null, gracefulStop: null, env: null, exec: null, tags: null, vus: 2, duration: '30s' } });
    const scenarios = { a: { executor: 'per-vu-iterations', vus: 1, iterations: 2 } };
    expect(consolidatedTestOptions({ scenarios }, undefined, stats).scenarios).toBe(scenarios);
    const overridden = consolidatedTestOptions({ scenarios, stages: [{ duration: '1s', target: 1 }] }, { iterations: 10 }, stats);
    expect(overridden).toMatchObject({ scenarios: { default: { executor: 'shared-iterations', iterations: 10, maxDuration: null } } });
  });

  it('rejects a summaryTimeUnit that is not a string, or an invalid minIterationDuration, naming the key (k6: exit 104)', () => {
    // As k6 v2.2.0 and v0.49.0: any string is taken; a unit k6 does not know formats as none.
    expect(resolve({ summaryTimeUnit: 'min' }).run.summaryTimeUnit).toBe('min');
    expect(() => resolve({ summaryTimeUnit: 5 })).toThrow(new InvalidOptionsError('summaryTimeUnit', `must be a string: 's', 'ms', 'us' or '' (automatic), got 5`));
    expect(() => resolve({ minIterationDuration: 'soon' })).toThrow(/options\.minIterationDuration: invalid duration "soon"/);
    expect(() => resolve({ noSetup: 'yes' })).toThrow('options.noSetup: must be true or false, got "yes"');
  });

  describe('in a run', () => {
    let server: TargetServer;
    const userAgents: string[] = [];
    beforeAll(async () => {
      server = await startTargetServer((req) => {
        userAgents.push(req.headers['user-agent'] ?? '(none)');
        return false;
      });
    });
    afterAll(() => server.close());

    it('noSetup, noTeardown, summaryTimeUnit and minIterationDuration take effect, noThresholds from the CLI; ignored options are named', async () => {
      const out = captureConsole();
      // As in k6, noThresholds is no script option (the script's is ignored): it comes from --no-thresholds.
      const r = await runScript({ scriptPath: `${SCRIPTS}run-options.js`, env: { BASE_URL: server.url }, console: out.console, cliOptions: { noThresholds: true } });
      expect(r.errors).toEqual([]);
      // The failing threshold is not evaluated, and setup/teardown (which throw) never ran.
      expect(r.exitCode).toBe(0);
      expect(r.summary.metrics.http_reqs?.thresholds).toBeUndefined();
      expect(r.summary.options.summaryTimeUnit).toBe('ms');
      expect(r.summary.metrics.iterations?.values.count).toBe(3);
      // Each iteration of the single VU starts at least minIterationDuration after the previous one.
      const at = out.lines.filter((l) => l.startsWith('iteration at ')).map((l) => Number(l.slice('iteration at '.length)));
      expect(at).toHaveLength(3);
      for (let i = 1; i < at.length; i++) expect((at[i] as number) - (at[i - 1] as number)).toBeGreaterThanOrEqual(295);
      // paused: true, in a run with no signal to wait for (a library call without one), starts at once and says so.
      expect(r.warnings.filter((w) => w.startsWith('options.'))).toEqual(['options.paused is ignored: this run has no signal to wait for (the engine has no REST API to resume a test), so it starts at once']);
      // k6 names the first unknown field in sorted order (noThresholds before totallyMadeUp).
      expect(r.warnings).toContain('There were unknown fields in the options exported in the script: json: unknown field "noThresholds"');
      // Warnings reach the console as they happen, too.
      expect(out.lines.filter((l) => l.startsWith('options.')).length).toBe(1);
    });

    it("ignores the script's own noThresholds, as k6 does (an unknown field there)", async () => {
      const r = await runScript({ scriptPath: `${SCRIPTS}run-options.js`, env: { BASE_URL: server.url }, console: captureConsole().console });
      expect(r.exitCode).toBe(99);
      expect(r.summary.metrics.http_reqs?.thresholds).toBeDefined();
    });

    it('exec.test.options in setup() is the consolidated options, the same as in iterations', async () => {
      const out = captureConsole();
      const r = await runScript({ scriptPath: `${SCRIPTS}test-options-setup.js`, console: out.console });
      expect(r.errors).toEqual([]);
      const seen = out.lines.filter((l) => l.startsWith('setup ') || l.startsWith('iteration '));
      expect(seen).toHaveLength(3);
      const scenarios = seen.map((l) => JSON.parse(l.slice(l.indexOf(' ') + 1)) as Record<string, { executor: string; iterations: number }>);
      for (const sc of scenarios) expect(sc.default).toMatchObject({ executor: 'shared-iterations', iterations: 2 });
    });

    it.each([
      ['sync', 'auto'],
      ['sync', 'per-vu'],
      ['async', 'auto'],
    ] as const)('noConnectionReuse and noVUConnectionReuse open the connections k6 opens (%s VU, vuThreads %s)', async (style, vuThreads) => {
      const ports: number[] = [];
      const closes: string[] = [];
      const counting = await startTargetServer((req) => {
        ports.push(req.socket.remotePort ?? -1);
        closes.push(req.headers.connection ?? '');
        return false;
      });
      try {
        const connections = async (reuse: string): Promise<number> => {
          ports.length = 0;
          closes.length = 0;
          const r = await runScript({ scriptPath: `${SCRIPTS}connection-reuse.js`, env: { BASE_URL: counting.url, STYLE: style, REUSE: reuse }, console: captureConsole().console, vuThreads });
          expect(r.errors).toEqual([]);
          expect(r.warnings.filter((w) => w.includes('ConnectionReuse'))).toEqual([]);
          expect(ports).toHaveLength(6);
          return new Set(ports).size;
        };
        // 3 iterations × 2 requests: one keep-alive connection by default…
        expect(await connections('default')).toBe(1);
        expect(closes.every((c) => c !== 'close')).toBe(true);
        // …a new one per request, announced with Connection: close…
        expect(await connections('none')).toBe(6);
        expect(closes).toEqual(Array(6).fill('close'));
        // …or a new one per iteration, reused within it.
        expect(await connections('per-iteration')).toBe(3);
      } finally {
        await counting.close();
      }
    });

    it("sends the k6 generation's User-Agent unless options.userAgent says otherwise, in setup() too", async () => {
      userAgents.length = 0;
      await runScript({ scriptPath: `${SCRIPTS}user-agent.js`, env: { BASE_URL: server.url }, console: captureConsole().console });
      await runScript({ scriptPath: `${SCRIPTS}user-agent.js`, env: { BASE_URL: server.url, UA: 'acme-load/2.0' }, console: captureConsole().console });
      await runScript({ scriptPath: `${SCRIPTS}user-agent.js`, env: { BASE_URL: server.url, UA: '' }, console: captureConsole().console });
      await runScript({ scriptPath: `${SCRIPTS}user-agent.js`, env: { BASE_URL: server.url }, console: captureConsole().console, compat: 'v0.49' });
      // setup's request, then the iteration's, per run; the default is the --compat generation's (k6 v2.2.0 / v0.49.0 as sent to a local server).
      expect(userAgents).toEqual(['Grafana k6/2.2.0', 'Grafana k6/2.2.0', 'acme-load/2.0', 'acme-load/2.0', '(none)', '(none)', 'k6/0.49.0 (https://k6.io/)', 'k6/0.49.0 (https://k6.io/)']);
    });
  });
});

interface ExecReport {
  scenario: string;
  progress: number;
  startTime: number;
  now: number;
  iterationInInstance: number;
  iterationInTest: number;
  vuIterationInScenario: number;
  completed: number;
  interrupted: number;
  vusActive: number;
  vusInitialized: number;
  runDuration: number;
  sharedIterations?: number;
  rps?: null;
  frozen?: boolean;
}

describe('k6/execution during a run', () => {
  it('reports scenario progress, iteration numbers, start time and instance counts as k6 defines them', async () => {
    const out = captureConsole();
    const r = await runScript({ scriptPath: `${SCRIPTS}exec-api.js`, console: out.console });
    expect(r.errors).toEqual([]);
    const reports = out.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as ExecReport);
    const shared = reports.filter((x) => x.scenario === 'shared');
    const timed = reports.filter((x) => x.scenario === 'timed');

    // shared-iterations: progress is finished / total iterations; the one VU ran them in order.
    expect(shared.map((x) => x.progress)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(shared.map((x) => x.iterationInInstance)).toEqual([0, 1, 2, 3]);
    expect(shared.map((x) => x.iterationInTest)).toEqual([0, 1, 2, 3]);
    expect(shared.map((x) => x.vuIterationInScenario)).toEqual([0, 1, 2, 3]);
    // Counted as each iteration ends, not when the VU's loop does.
    expect(shared.map((x) => x.completed)).toEqual([0, 1, 2, 3]);
    expect(shared.every((x) => x.vusActive === 1 && x.interrupted === 0)).toBe(true);
    // exec.test.options: k6's consolidated options, unset ones null, frozen.
    expect(shared.every((x) => x.sharedIterations === 4 && x.rps === null && x.frozen === true)).toBe(true);

    // constant-vus: progress is elapsed / duration, measured from the scenario's own start.
    expect(timed.length).toBeGreaterThanOrEqual(2);
    for (const [k, x] of timed.entries()) {
      expect(x.progress).toBeGreaterThanOrEqual(0);
      expect(x.progress).toBeLessThanOrEqual(1);
      expect(Math.abs((x.now - x.startTime) / 1000 - x.progress)).toBeLessThan(0.05);
      if (k > 0) expect(x.progress).toBeGreaterThan((timed[k - 1] as ExecReport).progress);
      expect(x.vuIterationInScenario).toBe(k);
      expect(x.iterationInInstance).toBe(k);
      // The 4 shared iterations and this VU's earlier ones; `stuck` was interrupted by its gracefulStop of 0 s.
      expect(x.completed).toBe(4 + k);
      expect(x.interrupted).toBe(1);
      expect(x.vusActive).toBe(1);
      expect(x.vusInitialized).toBe(r.summary.metrics.vus_max?.values.value);
      expect(x.runDuration).toBeGreaterThanOrEqual(1000);
    }
    // startTime: when the scenario really started, its startTime (1 s) after the first one.
    expect((timed[0] as ExecReport).startTime - (shared[0] as ExecReport).startTime).toBeGreaterThanOrEqual(990);
    expect(r.interruptedIterations).toBe(1);
  });
});

describe('syntax errors', () => {
  it("positions a syntax error as k6 v0.49 does (--compat v0.49): 1-based line, 0-based column, the same code frame", async () => {
    const r = await runScript({ scriptPath: `${FIXTURES}/syntax-error.js`, console: captureConsole().console, compat: 'v0.49' });
    expect(r.exitCode).toBe(107);
    // k6's message: `SyntaxError: file:///scripts/syntax-error.js: Unexpected token, expected , (2:32)\n<frame>\n\tat <babel>...`
    const k6 = JSON.parse(`"${/msg="((?:[^"\\]|\\.)*)"/.exec(readFileSync(`${FIXTURES}/syntax-error-out.txt`, 'utf8'))?.[1]}"`) as string;
    const k6Position = /\((\d+:\d+)\)\n/.exec(k6)?.[1];
    const k6Frame = k6.slice(k6.indexOf('\n') + 1, k6.indexOf('\n\tat '));
    const ours = r.errors[0] as string;
    expect(ours).toMatch(new RegExp(`^SyntaxError: file://${FIXTURES}/syntax-error\\.js: Unexpected token \\(${k6Position}\\)\\n`));
    expect(ours.slice(ours.indexOf('\n') + 1)).toBe(k6Frame);
  });

  it('gives the TypeScript source position of a .ts script', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lg-syntax-'));
    const file = join(dir, 'broken.ts');
    writeFileSync(file, "import http from 'k6/http';\n\ninterface Target { url: string }\nconst targets: Target[] = [];\n\nexport default function (): void {\n  for (const t of targets) http.get(t.url) as ;\n}\n");
    const r = await runScript({ scriptPath: file, console: captureConsole().console });
    expect(r.exitCode).toBe(107);
    // k6 v2 compiles TypeScript with esbuild: esbuild's words and 0-based column.
    expect(r.errors[0]).toMatch(new RegExp(`^could not initialize '.*broken\\.ts': could not load JS test '.*': file://${file.replace(/[.]/g, '\\.')}: Line 7:46 Unexpected ";"$`));
    const old = await runScript({ scriptPath: file, console: captureConsole().console, compat: 'v0.49' });
    expect(old.errors[0]).toMatch(new RegExp(`^SyntaxError: file://${file.replace(/[.]/g, '\\.')}: Unexpected token \\(7:46\\)\\n`));
    expect(old.errors[0]).toContain('> 7 |   for (const t of targets) http.get(t.url) as ;\n    |                                               ^');
  });
});
