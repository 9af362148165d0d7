/**
 * k6 v2's end-of-test summary from `loadgate k6 run`: exact text for fixed data (the rules
 * read off k6 v2.2.0's own output), and, where a real k6 v1+ is found (K6_PATH, else PATH),
 * the same scripts on both with every measured number masked: the same sections, metrics,
 * checks, threshold lines and indentation, in compact and full mode. Without k6 those
 * comparisons skip with a notice, and fail where `.ci/run` put k6 on PATH (CI and LOADGATE_EXPECT_K6=1).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEndOfTestSummary } from '../../src/engine/output/end-of-test-summary.js';
import type { EndOfTestReport, ReportMetric } from '../../src/engine/metrics/end-of-test.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { k6LogText } from '../helpers/k6-log.js';
import { currentK6 } from '../helpers/real-k6.js';
import { startTargetServer, type TargetServer } from '../engine/helpers/target-server.js';
import { summaryShape } from '../conformance/observe.js';

// The summary compared is k6 v1+'s (v0.49 has no --summary-mode): a k6 v0.x found does not count.
const k6 = currentK6(import.meta.url, 'the comparisons with real k6', { v1: true });

const trend = (name: string, v: Record<string, number>, contains: ReportMetric['contains'] = 'time'): ReportMetric => ({ name, type: 'trend', contains, values: v });
const STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
const same = (x: number) => Object.fromEntries(STATS.map((s) => [s, x]));

describe('the text, for fixed data', () => {
  const report: EndOfTestReport = {
    summaryTrendStats: STATS,
    summaryTimeUnit: '',
    thresholds: [
      { metric: trend('http_req_duration', { ...same(0.5), 'p(99)': 0.75 }), thresholds: [{ source: 'p(99)<500', ok: true }, { source: 'count>1', ok: true }] },
      { metric: trend('http_req_duration{status:200}', same(0.5)), thresholds: [{ source: 'max<3000', ok: true }] },
      { metric: { name: 'my_counter', type: 'counter', contains: 'default', values: { count: 15, rate: 7017.264811 } }, thresholds: [{ source: 'rate>1', ok: true }, { source: 'count<0', ok: false }] },
      { metric: { name: 'my_rate', type: 'rate', contains: 'default', values: { rate: 0.5, passes: 3, fails: 3 } }, thresholds: [{ source: 'rate>0.1', ok: true }] },
    ],
    root: {
      checks: {
        metrics: [
          { name: 'checks_total', type: 'counter', contains: 'default', values: { count: 12, rate: 5613.811848 } },
          { name: 'checks_succeeded', type: 'rate', contains: 'default', values: { rate: 0.75, passes: 9, fails: 3 } },
          { name: 'checks_failed', type: 'rate', contains: 'default', values: { rate: 0.25, passes: 3, fails: 9 } },
        ],
        ordered: [
          { name: 'inner ok', passes: 3, fails: 0 },
          { name: 'same', passes: 3, fails: 3 },
        ],
      },
      metrics: [
        { name: 'checks', type: 'rate', contains: 'default', values: { rate: 0.75, passes: 9, fails: 3 } },
        { name: 'my_counter', type: 'counter', contains: 'default', values: { count: 15, rate: 7017.264811 } },
        { name: 'my_gauge', type: 'gauge', contains: 'default', values: { value: 42, min: 42, max: 42 } },
        trend('http_req_duration', same(0.21632)),
        trend('http_req_duration{expected_response:true}', same(0.21632)),
        trend('http_req_waiting', same(0.1)),
        { name: 'http_req_failed', type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 3 } },
        trend('iteration_duration', same(1.51)),
        { name: 'data_sent', type: 'counter', contains: 'data', values: { count: 213, rate: 100000 } },
      ],
      groups: {},
    },
    groups: {},
    scenarios: {},
  };

  it('compact: thresholds with the values they looked at, checks, then sections of metrics sharing column widths', () => {
    expect(renderEndOfTestSummary(report, 'compact')).toBe(
      [
        '',
        '',
        '  █ THRESHOLDS ',
        '',
        '    http_req_duration',
        "    ✓ 'p(99)<500' p(99)=750µs",
        "    ✓ 'count>1' count=",
        '',
        '      {status:200}',
        "      ✓ 'max<3000' max=500µs",
        '',
        '    my_counter',
        "    ✓ 'rate>1' rate=7017.264811/s",
        "    ✗ 'count<0' count=15",
        '',
        '    my_rate',
        "    ✓ 'rate>0.1' rate=50.00%",
        '',
        '',
        '  █ TOTAL RESULTS ',
        '',
        '    checks_total.......: 12     5613.811848/s',
        '    checks_succeeded...: 75.00% 9 out of 12',
        '    checks_failed......: 25.00% 3 out of 12',
        '',
        '    ✓ inner ok',
        '    ✗ same',
        '      ↳  50% — ✓ 3 / ✗ 3',
        '',
        '    CUSTOM',
        '    my_counter.....................: 15    7017.264811/s',
        '    my_gauge.......................: 42    min=42        max=42',
        '',
        '    HTTP',
        '    http_req_duration..............: avg=216.32µs min=216.32µs med=216.32µs max=216.32µs p(90)=216.32µs p(95)=216.32µs',
        '      { expected_response:true }...: avg=216.32µs min=216.32µs med=216.32µs max=216.32µs p(90)=216.32µs p(95)=216.32µs',
        '    http_req_failed................: 0.00% 0 out of 3',
        '',
        '    EXECUTION',
        '    iteration_duration.............: avg=1.51ms   min=1.51ms   med=1.51ms   max=1.51ms   p(90)=1.51ms   p(95)=1.51ms  ',
        '',
        '    NETWORK',
        '    data_sent......................: 213 B 100 kB/s',
        '',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it('full: the HTTP timing breakdown too; groups and scenarios get sections, nested groups drift right as in k6', () => {
    const group = {
      checks: { metrics: report.root.checks!.metrics, ordered: [{ name: 'deep fail', passes: 0, fails: 2 }] },
      metrics: [],
      groups: {},
    };
    const text = renderEndOfTestSummary({ ...report, thresholds: [], groups: { outer: { metrics: [trend('http_req_waiting', same(0.1))], groups: { deep: group } } } }, 'full');
    expect(text).toContain('    http_req_waiting...............: avg=100µs');
    expect(text).toContain(['  █ GROUP: outer ', '', '    HTTP', '    http_req_waiting...: avg=100µs min=100µs med=100µs max=100µs p(90)=100µs p(95)=100µs', '', '    ↳ GROUP: deep ', '', '      checks_total.......: 12     5613.811848/s'].join('\n'));
    expect(text).toContain('      ✗ deep fail\n          ↳  0% — ✓ 0 / ✗ 2\n\n\n\n');
    expect(renderEndOfTestSummary({ ...report, thresholds: [] }, 'compact')).not.toContain('THRESHOLDS');
  });

  it("on a terminal, k6's colours (the same bytes as k6 v2.2.0 under a pseudo-terminal), padding unchanged", () => {
    const text = renderEndOfTestSummary(report, 'compact', { colors: true });
    const plain = renderEndOfTestSummary(report, 'compact');
    expect(text.replace(/\x1b\[[\d;]*m/g, '')).toBe(plain.replace("count=\n", 'count=undefined\n'));
    expect(text).toContain('  █ \x1b[1mTHRESHOLDS\x1b[0m \n');
    expect(text).toContain("    \x1b[32m✓\x1b[0m \x1b[37m'p(99)<500'\x1b[0m \x1b[37mp(99)\x1b[0m=\x1b[36m750µs\x1b[0m\n");
    // A stat the summary does not hold prints as k6's JavaScript prints it in colour.
    expect(text).toContain("\x1b[37mcount\x1b[0m=\x1b[36mundefined\x1b[0m");
    expect(text).toContain('    checks_total\x1b[2;37m.......:\x1b[0m \x1b[36m12\x1b[0m     \x1b[2;36m5613.811848/s\x1b[0m\n');
    expect(text).toContain('    \x1b[31m✗ same\x1b[0m\n      \x1b[31m↳  50% — ✓ 3 / ✗ 3\x1b[0m\n');
    expect(text).toContain('    \x1b[1mHTTP\x1b[0m\n');
  });
});

const SCRIPT = `
import http from 'k6/http';
import { check, group } from 'k6';
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
const c = new Counter('my_counter'); const g = new Gauge('my_gauge'); const r = new Rate('my_rate'); const t = new Trend('my_trend', true);
const vc = new Trend('vus_latency', true); const skipped = new Counter('checks_custom');
export const options = {
  scenarios: {
    alpha: { executor: 'shared-iterations', vus: 1, iterations: 2, exec: 'a' },
    beta: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'b', startTime: '500ms' },
  },
  thresholds: {
    'http_req_duration{scenario:alpha}': ['p(99)<5000', 'avg<5000'],
    http_req_duration: ['p(99.9)<5000'],
    'http_reqs{status:200}': ['count>1'],
    my_counter: ['count>1', 'rate>0'], my_gauge: ['value<100'], my_rate: ['rate>0.1'], my_trend: ['med<5', 'p(50)<5'],
    'checks{check:none}': ['rate==0'],
  },
};
export function a() {
  group('ga', () => { group('deep', () => { check(1, { 'deep fail': () => false }); }); http.get(__ENV.BASE_URL + '/health'); });
  c.add(5); g.add(42); r.add(true); r.add(false); t.add(3.5); vc.add(2); skipped.add(1);
  check(1, { 'root pass': () => true });
}
export function b() { check(1, { 'b ok': () => true }); http.get(__ENV.BASE_URL + '/missing'); }
`;

let server: TargetServer;
let dir: string;
beforeAll(async () => {
  server = await startTargetServer();
  dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-summary-'));
  await writeFile(join(dir, 'summary.js'), SCRIPT);
});
afterAll(() => server.close());

function onK6(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(k6?.path as string, ['run', ...args], { cwd: dir, env: { ...process.env, K6_NO_USAGE_REPORT: 'true', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}
const onEngine = (args: string[], env: Record<string, string> = {}) => runCli(['k6', 'run', ...args], { cwd: dir, env });

interface MachineReadable {
  config: Record<string, unknown>;
  metadata: Record<string, unknown>;
  results: { checks: { metrics: Array<{ name: string; values: object }>; results: Array<{ name: string }> }; metrics: Array<{ name: string; type: string; contains: string; values: object }> };
  version: string;
}

/** What does not depend on the measured numbers or the time: keys, metrics, value names, checks. */
function machineReadableShape(d: MachineReadable): unknown {
  return {
    keys: Object.keys(d),
    config: Object.keys(d.config),
    metadata: Object.keys(d.metadata),
    version: d.version,
    k6Version: d.metadata.k6_version,
    metrics: d.results.metrics.map((m) => `${m.name} ${m.type} ${m.contains} ${Object.keys(m.values).join(',')}`).sort(),
    checkMetrics: d.results.checks.metrics.map((m) => `${m.name} ${Object.keys(m.values).join(',')}`),
    checks: d.results.checks.results.map((c) => c.name).sort(),
  };
}

describe('loadgate k6 run: the summary k6 v2 prints', () => {
  it('compact by default: THRESHOLDS and TOTAL RESULTS, no timing breakdown, checks by name', async () => {
    const r = await onEngine(['-q', '-e', `BASE_URL=${server.url}`, 'summary.js']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\n\n {2}█ THRESHOLDS \n/);
    // A sub-metric under its metric's own thresholds shows only its tags, one level in.
    expect(r.stdout).toMatch(/\n {4}http_req_duration\n {4}✓ 'p\(99\.9\)<5000' p\(99\.9\)=\S+\n\n {6}\{scenario:alpha\}\n {6}✓ 'p\(99\)<5000' p\(99\)=\S+\n {6}✓ 'avg<5000' avg=/);
    expect(r.stdout).toMatch(/ {4}✗ deep fail\n {6}↳ {2}0% — ✓ 0 \/ ✗ 2/);
    expect(r.stdout).not.toMatch(/http_req_waiting|checks_custom|GROUP|SCENARIO/);
    expect(r.stdout).toMatch(/ {4}EXECUTION\n(.*\n)*? {4}vus_latency\.+: avg=2ms/);
  });

  it('full: also per group and per non-default scenario; disabled: none; K6_SUMMARY_MODE when no flag', async () => {
    const full = await onEngine(['-q', '--summary-mode', 'full', '-e', `BASE_URL=${server.url}`, 'summary.js']);
    expect(full.stdout).toMatch(/ {2}█ SCENARIO: alpha \n(.*\n)* {4}↳ GROUP: ga \n(.*\n)* {6}↳ GROUP: deep \n/);
    expect(full.stdout).toContain('http_req_waiting');
    const byEnv = await onEngine(['-q', '-e', `BASE_URL=${server.url}`, 'summary.js'], { K6_SUMMARY_MODE: 'full' });
    expect(summaryShape(byEnv.stdout)).toBe(summaryShape(full.stdout));
    const disabled = await onEngine(['-q', '--summary-mode', 'disabled', '--summary-export', 'off.json', '-e', `BASE_URL=${server.url}`, 'summary.js']);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toBe('');
    // As k6 v2: the whole end of test is off, the export file and handleSummary() too.
    expect(existsSync(join(dir, 'off.json'))).toBe(false);
    await writeFile(join(dir, 'hs.js'), `console.log('init'); export default function () {}\nexport function handleSummary() { return { stdout: 'HS' }; }\n`);
    const hs = await onEngine(['-q', '--summary-mode', 'disabled', 'hs.js']);
    expect([hs.code, hs.stdout, k6LogText(hs.stderr).trim().split('\n')]).toEqual([0, '', ['init', 'init']]);
  });

  it("a mode k6 does not have: k6's words, exit 255, nothing run; under --compat v0.49 the flag does not exist", async () => {
    const bad = await onEngine(['-q', '--summary-mode', 'legacy', 'summary.js']);
    expect(bad.code).toBe(255);
    expect(k6LogText(bad.stderr).trim()).toBe('invalid summary mode');
    expect(bad.stdout).toBe('');
    const old = await onEngine(['-q', '--compat', 'v0.49', '--summary-mode', 'full', 'summary.js']);
    expect(old.code).toBe(255);
    expect(k6LogText(old.stderr).trim()).toBe('unknown flag: --summary-mode');
    const oldMr = await onEngine(['-q', '--compat', 'v0.49', '--new-machine-readable-summary', 'summary.js']);
    expect([oldMr.code, k6LogText(oldMr.stderr).trim()]).toEqual([255, 'unknown flag: --new-machine-readable-summary']);
  });

  describe.runIf(k6 !== null)('the same as real k6 v1+, numbers masked', () => {
    it.each([['compact'], ['full']])('%s', async (mode) => {
      const args = ['-q', '--summary-mode', mode, '-e', `BASE_URL=${server.url}`, 'summary.js'];
      const [mine, theirs] = await Promise.all([onEngine(args), onK6(args)]);
      expect(mine.code).toBe(theirs.code);
      expect(summaryShape(mine.stdout)).toBe(summaryShape(theirs.stdout));
    });

    it('disabled: no summary, no export file, no handleSummary() and no VU for it, as k6', async () => {
      await writeFile(join(dir, 'hs2.js'), `console.log('init'); export default function () {}\nexport function handleSummary() { return { stdout: 'HS' }; }\n`);
      const args = (f: string) => ['-q', '--summary-mode', 'disabled', '--summary-export', f, 'hs2.js'];
      const [mine, theirs] = await Promise.all([onEngine(args('mine.json')), onK6(args('theirs.json'))]);
      expect([mine.code, mine.stdout, k6LogText(mine.stderr), existsSync(join(dir, 'mine.json'))]).toEqual([theirs.code, theirs.stdout, k6LogText(theirs.stderr), existsSync(join(dir, 'theirs.json'))]);
    });

    it('--summary-time-unit over the script\'s summaryTimeUnit; a unit k6 does not know: 255 for the flag, formatted as none in the script', async () => {
      await writeFile(join(dir, 'unit.js'), `export const options = { iterations: 1, summaryTimeUnit: __ENV.UNIT };\nexport default function () {}\n`);
      for (const args of [['-q', '--summary-time-unit', 's', '-e', 'UNIT=ms', 'unit.js'], ['-q', '--summary-time-unit', 'xx', 'unit.js'], ['-q', '-e', 'UNIT=xx', 'unit.js']]) {
        const [mine, theirs] = await Promise.all([onEngine(args), onK6(args)]);
        expect([mine.code, k6LogText(mine.stderr), summaryShape(mine.stdout)], args.join(' ')).toEqual([theirs.code, k6LogText(theirs.stderr), summaryShape(theirs.stdout)]);
      }
      const seconds = await onEngine(['-q', '--summary-time-unit', 's', '-e', 'UNIT=ms', 'unit.js']);
      expect(seconds.stdout).toMatch(/iteration_duration\.+: avg=0\.00s min=0\.00s/);
    });

    it.each([['compact'], ['full']])('--new-machine-readable-summary (%s): the same export file and handleSummary() argument as k6', async (mode) => {
      const run = (f: string) => ['-q', '--summary-mode', mode, '--new-machine-readable-summary', '--summary-export', f, '-e', `BASE_URL=${server.url}`, 'summary.js'];
      const [mine, theirs] = await Promise.all([onEngine(run(`mine-${mode}.json`)), onK6(run(`theirs-${mode}.json`))]);
      expect(mine.code).toBe(theirs.code);
      const [a, b] = await Promise.all([readFile(join(dir, `mine-${mode}.json`), 'utf8'), readFile(join(dir, `theirs-${mode}.json`), 'utf8')]);
      expect(machineReadableShape(JSON.parse(a) as MachineReadable)).toEqual(machineReadableShape(JSON.parse(b) as MachineReadable));
      // Four-space indentation, no final line break.
      expect([a.slice(0, 16), a.endsWith('}')]).toEqual([b.slice(0, 16), b.endsWith('}')]);
      await writeFile(join(dir, 'hs-mr.js'), `export const options = { iterations: 1, summaryTrendStats: ['avg', 'p(99)', 'count', 'p(90)'] };\nexport default function () {}\nexport function handleSummary(d) { return { stdout: JSON.stringify(d) }; }\n`);
      const hs = ['-q', '--summary-mode', mode, '--new-machine-readable-summary', 'hs-mr.js'];
      const [x, y] = await Promise.all([onEngine(hs), onK6(hs)]);
      expect(machineReadableShape(JSON.parse(x.stdout) as MachineReadable)).toEqual(machineReadableShape(JSON.parse(y.stdout) as MachineReadable));
      // A stat the summary does not hold is null, as in k6.
      expect((JSON.parse(x.stdout) as MachineReadable).results.metrics.find((m) => m.name === 'iteration_duration')?.values).toMatchObject({ max: null, med: null, min: null, p95: null });
    });

    it('refuses an unknown mode as k6 does', async () => {
      const [mine, theirs] = await Promise.all([onEngine(['-q', '--summary-mode', 'legacy', 'summary.js']), onK6(['-q', '--summary-mode', 'legacy', 'summary.js'])]);
      expect([mine.code, k6LogText(mine.stderr), mine.stdout]).toEqual([theirs.code, k6LogText(theirs.stderr), theirs.stdout]);
    });
  });
});
