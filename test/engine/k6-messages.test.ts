/**
 * What a k6 user sees on stderr, from the embedded engine and from real k6, line for line:
 * console.* lines, script exceptions with their stacks, test.abort(), crossed thresholds,
 * option warnings, scenario env and exec.vu.tags. Each case runs through the engine with the
 * lines it asserts; where real k6 is found (the runner's way: K6_PATH, else PATH; k6 v0.49 from
 * LOADGATE_K6_V049) the same script runs on it and the lines must be equal once times and
 * goja's program counters are removed. Without k6 those comparisons skip with a notice; they
 * fail instead when CI says k6 must be there (LOADGATE_EXPECT_K6=1).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, type EngineRunResult } from '../../src/engine/index.js';
import type { K6Compat } from '../../src/engine/k6-compat.js';
import { formatLogfmt, formatTerminal, logfmtValue, type K6LogEntry } from '../../src/engine/output/k6-log.js';
import { goQuote } from '../../src/core/go-quote.js';
import { k6LogConsole, writeLines } from '../../src/engine/output/k6-log-console.js';
import { applyShortcutPrecedence } from '../../src/engine/options/shortcut-precedence.js';
import { everyK6Generation } from '../helpers/real-k6.js';
import { startTargetServer, type TargetServer } from './helpers/target-server.js';

const DIR = new URL('./scripts/k6-messages/', import.meta.url).pathname;
/** As a user types it, relative to the working directory (k6 repeats it in some messages). */
const script = (name: string) => relative(process.cwd(), join(DIR, name));

/** Without one generation the engine's lines are still checked, only not compared with that k6. */
const generations = everyK6Generation(import.meta.url, 'the comparisons');

/** A log line as compared: logfmt without its time, goja's `(pc)` after line:col removed. */
function normalise(line: string, baseUrl: string): string {
  return line
    .replace(/^time="[^"]*" /, '')
    .replace(/(:\d+:\d+)\(\d+\)/g, '$1')
    .split(baseUrl)
    .join('BASE_URL');
}

interface Case {
  name: string;
  file: string;
  env?: Record<string, string>;
  /** Scenarios run at once: their lines come in any order. */
  unordered?: boolean;
  /** Generations to compare with (current k6 runs .ts itself; v0.49 does not). */
  compats: K6Compat[];
}

interface Outcome {
  exitCode: number;
  lines: string[];
  iterations?: number;
  metrics: string[];
  /** Root-group checks as `name=passes/fails`, sorted. */
  checks: string[];
}

let server: TargetServer;
let workDir: string;
beforeAll(async () => {
  server = await startTargetServer();
  workDir = await mkdtemp(join(tmpdir(), 'loadgate-k6-messages-'));
});
afterAll(async () => {
  await server.close();
  await rm(workDir, { recursive: true, force: true });
});

async function runEngine(c: Case, compat: K6Compat, verbose = false): Promise<Outcome & { result: EngineRunResult }> {
  const entries: K6LogEntry[] = [];
  const push = (msg: string) => entries.push({ level: 'error', msg: `unexpected console text: ${msg}` });
  const result = await runScript({
    scriptPath: script(c.file),
    env: { BASE_URL: server.url, GLOBAL: 'g', ...c.env },
    compat,
    verbose,
    console: { log: push, warn: push, error: push, entry: (e) => entries.push(e) },
  });
  const now = new Date();
  const lines = entries.map((e) => normalise(formatLogfmt(e, now), server.url));
  const metrics = Object.keys(result.summary.metrics);
  const checks = result.summary.root_group.checks.map((k) => `${k.name}=${k.passes}/${k.fails}`).sort();
  return { exitCode: result.exitCode, lines: c.unordered ? lines.sort() : lines, iterations: result.summary.metrics.iterations?.values.count, metrics, checks, result };
}

function runK6(k6: string, c: Case): Promise<Outcome> {
  const summaryFile = join(workDir, `${c.name}.json`);
  const env = { BASE_URL: server.url, GLOBAL: 'g', ...c.env };
  const args = ['run', '--quiet', '--address', '127.0.0.1:0', '--summary-export', summaryFile, ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), script(c.file)];
  return new Promise((resolve, reject) => {
    execFile(k6, args, { env: { ...process.env, K6_NO_USAGE_REPORT: 'true' }, timeout: 60_000, maxBuffer: 16 << 20 }, (err, _stdout, stderr) => {
      const exitCode = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      if (exitCode === -1) return reject(err);
      const lines = stderr.split('\n').filter((l) => l.trim() !== '').map((l) => normalise(l, server.url));
      type Export = { metrics: Record<string, { count?: number }>; root_group?: { checks?: Record<string, { passes: number; fails: number }> } };
      void readFile(summaryFile, 'utf8')
        .then((t) => JSON.parse(t) as Export)
        .catch((): Export => ({ metrics: {} }))
        .then((s) => {
          const checks = Object.entries(s.root_group?.checks ?? {}).map(([name, k]) => `${name}=${k.passes}/${k.fails}`).sort();
          resolve({ exitCode, lines: c.unordered ? lines.sort() : lines, iterations: s.metrics.iterations?.count, metrics: Object.keys(s.metrics), checks });
        });
    });
  });
}

/** The engine's lines for a case, and real k6's when that generation is on the machine. */
async function both(c: Case, compat: K6Compat): Promise<{ engine: Outcome & { result: EngineRunResult }; k6?: Outcome }> {
  const k6 = generations.find((g) => g.compat === compat)?.path;
  const [engine, real] = await Promise.all([runEngine(c, compat), k6 ? runK6(k6, c) : Promise.resolve(undefined)]);
  if (real) {
    expect(engine.lines).toEqual(real.lines);
    expect(engine.exitCode).toBe(real.exitCode);
    expect(engine.checks).toEqual(real.checks);
  }
  return { engine, k6: real };
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const at = (file: string, pos: string) => `file://${join(DIR, file)}:${pos}`;

describe('k6 log lines', () => {
  it("formats logfmt as k6's logger does: quoting only where needed, Go's escapes, no empty msg", () => {
    const t = new Date(Date.UTC(2026, 11, 5, 4, 58, 36));
    const line = formatLogfmt({ level: 'warning', msg: 'wrn "quoted" x=y', fields: { source: 'console' } }, t);
    // The time is local: compare the rest.
    expect(line.replace(/^time="[^"]*" /, '')).toBe('level=warning msg="wrn \\"quoted\\" x=y" source=console');
    expect(formatLogfmt({ level: 'info', msg: '', fields: { source: 'console' } }, t)).toMatch(/ level=info source=console$/);
    expect(logfmtValue('inf')).toBe('inf');
    expect(logfmtValue('a/b-c.d_e@f^g+h')).toBe('a/b-c.d_e@f^g+h');
    // logrus leaves an empty value bare: k6 v2.2.0 logs http-debug lines at the root group with `group=`.
    expect(logfmtValue('')).toBe('');
    expect(goQuote('multi\nline\ttab \u0001 é ✓')).toBe('"multi\\nline\\ttab \\x01 é ✓"');
    // Fields follow in key order.
    expect(formatLogfmt({ level: 'error', msg: 'x', fields: { source: 'stacktrace', executor: 'e', scenario: 's', hint: 'script exception' } }, t)).toMatch(/ msg=x executor=e hint="script exception" scenario=s source=stacktrace$/);
  });

  it("formats a terminal line as k6 does: coloured level, seconds, message padded to 44, fields after", () => {
    // As k6 v2.2.0 printed console.info('inf') and a stack trace to a terminal.
    expect(formatTerminal({ level: 'info', msg: 'inf', fields: { source: 'console' } }, 0.4)).toBe(`\x1b[36mINFO\x1b[0m[0000] inf${' '.repeat(41)}  \x1b[36msource\x1b[0m=console`);
    expect(formatTerminal({ level: 'error', msg: 'Error: x\n\tat f (file:///a.js:1:2)\n', fields: { hint: 'script exception' } }, 12.9)).toBe(
      // The whole message is padded (here 33 characters), as logrus pads it.
      `\x1b[31mERRO\x1b[0m[0012] Error: x\n\tat f (file:///a.js:1:2)${' '.repeat(11)}  \x1b[31mhint\x1b[0m="script exception"`,
    );
  });

  it('the k6 CLI picks logfmt unless stderr is a terminal with colour, and holds the run-ending error for after the summary', () => {
    const written: string[] = [];
    const stream = (isTTY: boolean) => ({ isTTY, write: (s: string) => written.push(s) }) as unknown as NodeJS.WriteStream;
    k6LogConsole({ stream: stream(false), env: {} }).write({ level: 'info', msg: 'a' });
    k6LogConsole({ stream: stream(true), env: {} }).write({ level: 'info', msg: 'b' });
    k6LogConsole({ stream: stream(true), env: { NO_COLOR: '1' } }).write({ level: 'info', msg: 'c' });
    k6LogConsole({ stream: stream(true), env: {}, noColor: true }).write({ level: 'info', msg: 'd' });
    expect(written.map((w) => (w.startsWith('time=') ? 'logfmt' : w.startsWith('\x1b[36mINFO') ? 'terminal' : w))).toEqual(['logfmt', 'terminal', 'logfmt', 'logfmt']);
    written.length = 0;
    const log = k6LogConsole({ stream: stream(false), env: {} });
    log.console.entry?.({ level: 'error', msg: 'the end', final: true });
    log.console.entry?.({ level: 'info', msg: 'now' });
    expect(written.map((w) => /msg=(\S+)/.exec(w)?.[1])).toEqual(['now']);
    log.flushFinal();
    expect(written.map((w) => /msg="?([^"\s]+)/.exec(w)?.[1])).toEqual(['now', 'the']);
    // On a terminal every line's rest is erased before its newline, as k6's writer does (k6 v2.2.0 under a pseudo-terminal).
    written.length = 0;
    writeLines(stream(true), 'line1\nline2\n');
    writeLines(stream(false), 'line3\n');
    expect(written).toEqual(['line1\x1b[0K\nline2\x1b[0K\n', 'line3\n']);
    k6LogConsole({ stream: stream(true), env: {} }).write({ level: 'info', msg: 'e' });
    expect(written.at(-1)).toMatch(/e\s+\x1b\[0K\n$/);
  });

  it("applies k6's --vus/--iterations precedence and gives its warnings, per generation", () => {
    const scenarios = { own: { executor: 'per-vu-iterations' } };
    expect(applyShortcutPrecedence({ vus: 5, scenarios }, {}, 'v2')).toEqual({ options: { vus: 5 }, overrides: {}, warnings: ['`vus=5` overrides scenarios configuration'] });
    expect(applyShortcutPrecedence({ vus: 5, scenarios }, {}, 'v0.49')).toEqual({ options: { vus: 5, scenarios }, overrides: {}, warnings: [] });
    expect(applyShortcutPrecedence({ vus: 3 }, {}, 'v0.49').warnings).toEqual(['the `vus=3` option will be ignored, it only works in conjunction with `iterations`, `duration`, or `stages`']);
    expect(applyShortcutPrecedence({ vus: 3 }, {}, 'v2').warnings).toEqual([]);
    // --vus alone only replaces the script's vus: a script duration still makes constant VUs.
    expect(applyShortcutPrecedence({ duration: '10s' }, { vus: 2 }, 'v2')).toEqual({ options: { duration: '10s', vus: 2 }, overrides: {}, warnings: [] });
    expect(applyShortcutPrecedence({ vus: 1, scenarios }, { vus: 2 }, 'v2').warnings).toEqual(['`vus=2` overrides scenarios configuration']);
    expect(applyShortcutPrecedence({ scenarios }, { iterations: 2 }, 'v2').warnings).toEqual(['"cli" level configuration overrode scenarios configuration entirely']);
    expect(applyShortcutPrecedence({ scenarios }, { iterations: 2 }, 'v0.49').warnings).toEqual([]);
  });
});

describe('the embedded engine says what k6 says', () => {
  it("gives a scenario's env to __ENV, scenario and group in exec.vu.tags, no shortcuts in exec.test.options; console.debug hidden", async () => {
    const { engine } = await both({ name: 'env-tags', file: 'env-tags.js', compats: ['v2'] }, 'v2');
    expect(engine.exitCode).toBe(0);
    expect(engine.lines).toEqual([
      'level=info msg="FOO=from-scenario BAR=over GLOBAL=g" source=console',
      'level=info msg="tags={\\"group\\":\\"\\",\\"kind\\":\\"env\\",\\"run\\":\\"r1\\",\\"scenario\\":\\"withEnv\\"} scenario=withEnv" source=console',
      'level=info msg="metrics.tags={\\"group\\":\\"::g1\\",\\"kind\\":\\"env\\",\\"run\\":\\"r1\\",\\"scenario\\":\\"withEnv\\"}" source=console',
      'level=info msg="options vus=undefined iterations=undefined duration=undefined stages=undefined has=false" source=console',
      'level=info msg="an info line" source=console',
      'level=warning msg="a \\"quoted\\" warning x=y" source=console',
      'level=error msg="an error line" source=console',
      'level=info source=console',
    ]);
    const verbose = await runEngine({ name: 'env-tags-verbose', file: 'env-tags.js', compats: [] }, 'v2', true);
    expect(verbose.lines).toContain('level=debug msg="a debug line" source=console');
  });

  it("test.abort(): exit 108, 'test aborted: <reason> at <frame>', the aborting iteration counted, no dropped_iterations", async () => {
    const c: Case = { name: 'abort', file: 'abort.js', compats: ['v2', 'v0.49'] };
    const { engine, k6 } = await both(c, 'v2');
    expect(engine.exitCode).toBe(108);
    expect(engine.lines).toEqual([`level=error msg="test aborted: enough seen at default (${at('abort.js', '10:20')})"`]);
    expect(engine.iterations).toBe(3);
    expect(engine.metrics).not.toContain('dropped_iterations');
    expect(engine.result.interruptedIterations).toBe(1);
    if (k6) {
      expect(engine.iterations).toBe(k6.iterations);
      expect(engine.metrics.filter((m) => m.startsWith('dropped'))).toEqual(k6.metrics.filter((m) => m.startsWith('dropped')));
    }
    const old = await both(c, 'v0.49');
    // k6 v0.49 compiled with Babel: the default function has no name, and the column is Babel's.
    expect(old.engine.lines).toEqual([`level=error msg="test aborted: enough seen at ${at('abort.js', '10:20')}"`]);
  });

  it("crossed thresholds: exit 99 and k6's error line naming the metrics, sorted", async () => {
    const { engine } = await both({ name: 'thresholds', file: 'thresholds.js', compats: ['v2'] }, 'v2');
    expect(engine.exitCode).toBe(99);
    expect(engine.lines).toEqual(['level=error msg="thresholds on metrics \'http_reqs{status:200}, visits\' have been crossed"']);
  });

  it("script exceptions carry goja's whole stack: names, k6's columns, non-Error throws located, Uncaught (in promise) for async functions", async () => {
    const c: Case = { name: 'errors', file: 'errors.js', unordered: true, compats: ['v2', 'v0.49'] };
    const { engine } = await both(c, 'v2');
    expect(engine.exitCode).toBe(0);
    const f = (pos: string) => at('errors.js', pos);
    const fields = (scenario: string) => `executor=per-vu-iterations hint="script exception" scenario=${scenario} source=stacktrace`;
    const inner = `\\n\\tat inner (${f('20:9')})\\n\\tat outer (${f('23:15')})`;
    expect(engine.lines).toEqual(
      [
        `level=error msg="boom\\n\\tat inner (${f('19:26')})\\n\\tat outer (${f('23:15')})\\n\\tat thrownString (${f('27:39')})\\n" ${fields('thrownString')}`,
        `level=error msg="Error: bad nested${inner}\\n\\tat nestedError (${f('28:38')})\\n" ${fields('nestedError')}`,
        `level=error msg="Uncaught (in promise) Error: bad async${inner}\\n\\tat asyncError (${f('29:49')})\\n" executor=per-vu-iterations scenario=asyncError`,
        // k6 gives a non-Error rejection no stack.
        'level=error msg="Uncaught (in promise) boom" executor=per-vu-iterations scenario=asyncString',
        `level=error msg="TypeError: Cannot read property 'field' of undefined\\n\\tat typeError (${f('31:73')})\\n" ${fields('typeError')}`,
        `level=error msg="Error: bad method${inner}\\n\\tat method (${f('25:38')})\\n\\tat c (${f('33:52')})\\n\\tat go.k6.io/k6/v2/internal/js/modules/k6.(*K6).Check-fm (native)\\n\\tat ${f('33:27')}\\n\\tat go.k6.io/k6/v2/internal/js/modules/k6.(*K6).Group-fm (native)\\n\\tat inCallbacks (${f('33:8')})\\n" ${fields('inCallbacks')}`,
        'level=error msg="Uncaught (in promise) rejected, never awaited" executor=per-vu-iterations scenario=unhandled',
        `level=error msg="Error: bad default${inner}\\n\\tat ${f('36:61')}\\n\\tat forEach (native)\\n\\tat default (${f('36:41')})\\n" ${fields('byDefault')}`,
      ].sort(),
    );
    // k6 v0.49 compiled with Babel: 0-based columns through its map, an unnamed default function, no hint.
    const old = await both(c, 'v0.49');
    const oldLine = old.engine.lines.find((l) => l.includes('scenario=thrownString'));
    expect(oldLine).toBe(`level=error msg="boom\\n\\tat inner (${f('19:25')})\\n\\tat outer (${f('23:15')})\\n\\tat thrownString (${f('27:39')})\\n" executor=per-vu-iterations scenario=thrownString source=stacktrace`);
    expect(old.engine.lines.find((l) => l.includes('scenario=byDefault'))).toMatch(new RegExp(`\\\\tat ${esc(f('36:41'))}\\\\n" `));
  });

  it('keeps the stack of a sync script whose blocking calls the engine awaits: async frames, group\'s native frame', async () => {
    const { engine } = await both({ name: 'asyncified', file: 'asyncified.js', compats: ['v2'] }, 'v2');
    expect(engine.result.threading?.syncCalls).toBe('awaited');
    const f = (pos: string) => at('asyncified.js', pos);
    expect(engine.lines).toEqual([
      `level=error msg="Error: got 200\\n\\tat fetchIt (${f('9:33')})\\n\\tat outer (${f('14:17')})\\n\\tat ${f('18:10')}\\n\\tat go.k6.io/k6/v2/internal/js/modules/k6.(*K6).Group-fm (native)\\n\\tat default (${f('17:8')})\\n" executor=per-vu-iterations hint="script exception" scenario=once source=stacktrace`,
    ]);
  });

  it('maps a TypeScript script\'s stack to the .ts source as current k6 does', async () => {
    const { engine } = await both({ name: 'errors-ts', file: 'errors.ts', unordered: true, compats: ['v2'] }, 'v2');
    const f = (pos: string) => at('errors.ts', pos);
    const fields = (scenario: string) => `executor=per-vu-iterations hint="script exception" scenario=${scenario} source=stacktrace`;
    const callers = `\\n\\tat outer (${f('11:15')})\\n\\tat default (${f('22:9')})\\n`;
    expect(engine.lines).toEqual([`level=error msg="Error: bad x 2\\n\\tat inner (${f('7:34')})${callers}" ${fields('error')}`, `level=error msg="boom\\n\\tat inner (${f('6:25')})${callers}" ${fields('string')}`]);
  });

  it.each([
    ['init-abort', 108, `level=error msg="could not initialize '${script('lifecycle.js')}': could not load JS test 'file://${join(DIR, 'lifecycle.js')}': test aborted: from init at ${at('lifecycle.js', '5:40')}"`],
    ['init-throw', 107, `level=error msg="Error: init failed\\n\\tat ${at('lifecycle.js', '6:31')}\\n" hint="script exception" source=stacktrace`],
    ['setup-abort', 108, 'level=error msg="test aborted: from setup"'],
    ['teardown-throw', 107, `level=error msg="teardown failed\\n\\tat teardown (${at('lifecycle.js', '17:31')})\\n" hint="script exception" source=stacktrace`],
  ])('lifecycle %s: exit %i and k6\'s line', async (k, exitCode, line) => {
    const { engine } = await both({ name: `lifecycle-${k}`, file: 'lifecycle.js', env: { K: k }, compats: ['v2'] }, 'v2');
    expect(engine.exitCode).toBe(exitCode);
    expect(engine.lines).toEqual([line]);
  });

  it('console.log renders values as each generation does: Node-like on current k6, JSON on v0.49; no printf', async () => {
    const c: Case = { name: 'console', file: 'console-format.js', compats: ['v2', 'v0.49'] };
    const now = await both(c, 'v2');
    expect(now.engine.lines).toEqual([
      'level=info msg="text 1.5 0 NaN null undefined true [ 1, \\"two\\" ] { a: [ 1, 2 ], b: { c: \\"d\\" } } [] {}" source=console',
      'level=info msg="Error: as value { e: TypeError: inside } \\"1970-01-01T00:00:00.000Z\\" [object Function] s" source=console',
      'level=info msg="{ u: null, s: \\"q\\"uote\\", arr: [ null, null, Infinity ], deep: { a: { b: { c: { d: 1 } } } } }" source=console',
      'level=info msg="{ name: \\"c\\", self: [Circular] } {} {} {} Uint8Array(2) [ 1, 2 ]" source=console',
      'level=info msg="%s and %d no printf" source=console',
    ]);
    const old = await both(c, 'v0.49');
    expect(old.engine.lines.slice(0, 2)).toEqual([
      'level=info msg="text 1.5 0 NaN null undefined true [1,\\"two\\"] {\\"a\\":[1,2],\\"b\\":{\\"c\\":\\"d\\"}} [] {}" source=console',
      'level=info msg="{} {\\"e\\":{}} \\"1970-01-01T00:00:00.000Z\\" null s" source=console',
    ]);
  });

  it("k6's own functions raise GoError with goja's native frame; a check whose function throws is failed", async () => {
    const c: Case = { name: 'go-errors', file: 'go-errors.js', unordered: true, compats: ['v2', 'v0.49'] };
    const { engine } = await both(c, 'v2');
    const f = (pos: string) => at('go-errors.js', pos);
    const fields = (scenario: string) => `executor=per-vu-iterations hint="script exception" scenario=${scenario} source=stacktrace`;
    const k6 = 'go.k6.io/k6/v2/internal/js';
    expect(engine.lines).toEqual(
      [
        'level=info msg="setup: GoError: getting scenario information outside of the VU context is not supported; __ITER is undefined" source=console',
        `level=error msg="GoError: stopped here\\n\\tat ${k6}/modules/k6.(*K6).Fail-fm (native)\\n\\tat failing (${f('18:33')})\\n" ${fields('failing')}`,
        `level=error msg="GoError: metrics must be declared in the init context\\n\\tat lateMetric (${f('19:32')})\\n" ${fields('lateMetric')}`,
        `level=error msg="GoError: the \\"open\\" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/ for more information\\n\\tat ${k6}.(*Bundle).setInitGlobals.func3 (native)\\n\\tat lateOpen (${f('20:34')})\\n" ${fields('lateOpen')}`,
        `level=error msg="Error: in check\\n\\tat throws (${f('21:68')})\\n\\tat ${k6}/modules/k6.(*K6).Check-fm (native)\\n\\tat throwingCheck (${f('21:40')})\\n" ${fields('throwingCheck')}`,
      ].sort(),
    );
    // The check that threw is failed; the one after it never ran.
    expect(engine.checks).toEqual(['throws=0/1']);
    const old = await both(c, 'v0.49');
    expect(old.engine.lines.find((l) => l.includes('scenario=lateOpen'))).toContain('\\tat go.k6.io/k6/js.(*Runner).newVU.func2 (native)');
  });

  it('`vus` beside `scenarios`: current k6 warns and runs the shortcut; k6 v0.49 keeps the scenarios', async () => {
    const c: Case = { name: 'vus', file: 'vus-over-scenarios.js', compats: ['v2', 'v0.49'] };
    const now = await both(c, 'v2');
    expect(now.engine.lines).toEqual(['level=warning msg="`vus=2` overrides scenarios configuration"']);
    expect(now.engine.iterations).toBe(2);
    const old = await both(c, 'v0.49');
    expect(old.engine.lines).toEqual([]);
    expect(old.engine.iterations).toBe(1);
  });
});
