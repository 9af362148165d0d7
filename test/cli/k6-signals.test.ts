/**
 * `loadgate k6 run` and the signals a user sends it, as `k6 run` answers them: Ctrl-C or SIGTERM
 * stops the test run (teardown() and the summary still come) and ends it with exit 105 and k6's
 * line naming the signal; a second one stops at once (k6's "Aborting k6 in response to signal",
 * exit 105); --linger (or K6_LINGER, or the config file's `linger`) holds the finished test until
 * the signal, before the summary; a paused test waits for it before setup(). The same runs go
 * to each real k6 found, which must answer
 * with the same exit codes, lines and order.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import type { K6Compat } from '../../src/engine/k6-compat.js';
import { everyK6Generation } from '../helpers/real-k6.js';

const dir = mkdtempSync(join(tmpdir(), 'loadgate-k6-signals-'));
const SCRIPTS: Record<string, string> = {
  // One iteration, a threshold that fails: exit 99 once the summary is allowed out.
  'crossed.js': `export const options = { iterations: 1, thresholds: { iterations: ['count>5'] } };
export default function () {}
export function teardown() { console.log('teardown'); }
`,
  'passes.js': `export const options = { iterations: 1 };
export default function () {}
export function teardown() { console.log('teardown'); }
`,
  'setup-throws.js': `export const options = { iterations: 1 };
export function setup() { throw new Error('boom'); }
export default function () {}
`,
  // Runs for 10 s unless stopped; its teardown() says when the stop reached it.
  'long.js': `import { sleep } from 'k6';
export const options = { duration: '10s' };
export default function () { console.log('iteration'); sleep(0.1); }
export function teardown() { console.log('teardown'); }
`,
  // A teardown() that takes 5 s: time for a second Ctrl-C.
  'slow-teardown.js': `import { sleep } from 'k6';
export const options = { duration: '10s' };
export default function () { console.log('iteration'); sleep(0.1); }
export function teardown() { console.log('teardown start'); sleep(5); console.log('teardown end'); }
`,
  'linger.json': '{"linger": true}',
  // Started paused: nothing of it may run before the signal ends the wait.
  'paused.js': `export const options = { paused: true };
export function setup() { console.log('setup'); }
export default function () { console.log('iteration'); }
export function teardown() { console.log('teardown'); }
`,
};
for (const [name, text] of Object.entries(SCRIPTS)) writeFileSync(join(dir, name), text);

const LINGER_LINE = 'The test is done, but --linger was enabled, so k6 is waiting for Ctrl+C to continue...';

interface Subject {
  name: string;
  compat: K6Compat;
  command: (args: string[]) => [string, string[]];
}

const engine = (compat: K6Compat): Subject => ({
  name: `the engine (--compat ${compat})`,
  compat,
  command: (args) => [process.execPath, [join(PACKAGE_ROOT, 'bin', 'loadgate.js'), 'k6', 'run', '--compat', compat, ...args]],
});

interface Ended {
  code: number | null;
  stdout: string;
  /** logfmt's msg of each log line, unquoted, and its sig field when it has one. */
  messages: string[];
  /** Whether the process was still running when the signal was sent (it lingered or was mid-run). */
  aliveAtSignal: boolean;
  /** stdout when the first signal went. */
  stdoutAtSignal: string;
}

function messagesOf(stderr: string): string[] {
  return [...stderr.matchAll(/ msg=(?:"((?:[^"\\]|\\.)*)"|(\S+))(?: sig=(\w+))?/g)].map((m) => (m[1] === undefined ? (m[2] as string) : (JSON.parse(`"${m[1]}"`) as string)) + (m[3] ? ` sig=${m[3]}` : ''));
}

/**
 * Runs `args` and, once `ready` holds for what it printed (stdout, stderr) and `settleMs` more
 * has passed, sends `signals` one `gapMs` apart. Every run is bounded: killed after 30 s.
 */
function runAndSignal(subject: Subject, args: string[], opts: { env?: Record<string, string>; ready: (out: string, err: string) => boolean; settleMs?: number; signals: NodeJS.Signals[]; gapMs?: number }): Promise<Ended> {
  const [file, argv] = subject.command(args);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd: dir, env: { ...process.env, K6_AUTO_EXTENSION_RESOLUTION: 'false', CI: 'true', ...opts.env } });
    let stdout = '';
    let stderr = '';
    let exited = false;
    let signalled = false;
    let aliveAtSignal = false;
    let stdoutAtSignal = '';
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const maybeSignal = (): void => {
      if (signalled || !opts.ready(stdout, stderr)) return;
      signalled = true;
      setTimeout(() => {
        aliveAtSignal = !exited;
        stdoutAtSignal = stdout;
        opts.signals.forEach((sig, i) => setTimeout(() => !exited && child.kill(sig), i * (opts.gapMs ?? 1000)));
      }, opts.settleMs ?? 300);
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      maybeSignal();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      maybeSignal();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      exited = true;
      clearTimeout(kill);
      // The streams may still hold the last lines.
      setTimeout(() => resolve({ code, stdout, messages: messagesOf(stderr), aliveAtSignal, stdoutAtSignal }), 50);
    });
  });
}

const teardownLogged = (_out: string, err: string): boolean => /msg="?teardown/.test(err);
const iterating = (_out: string, err: string): boolean => (err.match(/msg=iteration/g) ?? []).length >= 3;

function signalCases(subject: Subject): void {
  it('--linger: the finished test waits for Ctrl-C, saying so; then the summary, and the exit code the run earned', async () => {
    const r = await runAndSignal(subject, ['--linger', '--address=', 'crossed.js'], { ready: (out) => out.includes(LINGER_LINE), signals: ['SIGINT'] });
    expect(r.aliveAtSignal).toBe(true);
    expect(r.code).toBe(99);
    // Nothing of the summary before the signal; all of it after, below the message.
    expect(r.stdoutAtSignal).not.toMatch(/iterations\.+:/);
    expect(r.stdout.indexOf(LINGER_LINE)).toBeLessThan(r.stdout.search(/iterations\.+:/));
    expect(r.messages).toEqual(['teardown', "thresholds on metrics 'iterations' have been crossed"]);
  });

  it('K6_LINGER=true with -q: waits without a word; SIGTERM ends the wait, exit 0', async () => {
    const r = await runAndSignal(subject, ['-q', '--address=', 'passes.js'], { env: { K6_LINGER: 'true' }, ready: teardownLogged, settleMs: 700, signals: ['SIGTERM'] });
    expect(r.aliveAtSignal).toBe(true);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(LINGER_LINE);
    expect(r.stdoutAtSignal).not.toMatch(/iterations\.+:/);
    expect(r.stdout).toMatch(/iterations\.+:/);
    expect(r.messages).toEqual(['teardown']);
  });

  it('the config file\'s "linger": true holds it too', async () => {
    const r = await runAndSignal(subject, ['--address=', '-c', 'linger.json', 'passes.js'], { ready: (out) => out.includes(LINGER_LINE), signals: ['SIGINT'] });
    expect(r.aliveAtSignal).toBe(true);
    expect(r.code).toBe(0);
  });

  it('--linger after setup() threw: it waits, then exit 107', async () => {
    const r = await runAndSignal(subject, ['--linger', '--address=', 'setup-throws.js'], { ready: (out) => out.includes(LINGER_LINE), signals: ['SIGINT'] });
    expect(r.aliveAtSignal).toBe(true);
    expect(r.code).toBe(107);
    expect(r.stdoutAtSignal).not.toMatch(/data_sent/);
    expect(r.messages).toHaveLength(1);
    expect(r.messages[0]).toMatch(/^Error: boom\n\tat setup \(/);
  });

  it('options.paused (no REST API to resume it, as with --address=): VUs initialized, then only Ctrl-C ends the wait, with no setup(), iteration or teardown()', async () => {
    const r = await runAndSignal(subject, ['--address=', 'paused.js'], { ready: (out) => /\] paused/.test(out), settleMs: 500, signals: ['SIGINT'] });
    expect(r.aliveAtSignal).toBe(true);
    expect(r.code).toBe(105);
    expect(r.messages).toEqual(["test run was aborted because k6 received a 'interrupt' signal"]);
    expect(r.stdout).toMatch(/vus_max\.+: 1 /);
    expect(r.stdout).not.toMatch(/iterations\.+:/);
  });

  it('SIGTERM mid-run: teardown() runs, then exit 105 with the signal named', async () => {
    const r = await runAndSignal(subject, ['-q', '--address=', 'long.js'], { ready: iterating, signals: ['SIGTERM'] });
    expect(r.aliveAtSignal).toBe(true);
    expect(r.code).toBe(105);
    expect(r.messages.filter((m) => m !== 'iteration')).toEqual(['teardown', "test run was aborted because k6 received a 'terminated' signal"]);
  });

  it('Ctrl-C mid-run with --linger: no wait (the signal was the stop), exit 105', async () => {
    const r = await runAndSignal(subject, ['-q', '--linger', '--address=', 'long.js'], { ready: iterating, signals: ['SIGINT'] });
    expect(r.code).toBe(105);
    expect(r.messages.filter((m) => m !== 'iteration')).toEqual(['teardown', "test run was aborted because k6 received a 'interrupt' signal"]);
  });

  it('a second Ctrl-C during teardown(): stops at once, exit 105, no summary', async () => {
    const r = await runAndSignal(subject, ['-q', '--address=', 'slow-teardown.js'], { ready: iterating, signals: ['SIGINT', 'SIGINT'] });
    expect(r.code).toBe(105);
    // (Real k6 v2.2.0 once logged one more line while exiting, on a loaded machine: the order is checked, not the count.)
    const lines = r.messages.filter((m) => m !== 'iteration');
    expect(lines.slice(0, 2)).toEqual(['teardown start', 'Aborting k6 in response to signal sig=interrupt']);
    expect(lines).not.toContain('teardown end');
    expect(r.stdout).toBe('');
  });
}

// Each case is a few seconds of waiting, not of CPU: the subjects' cases go on together.
describe.concurrent('k6 run and signals, on the engine', () => {
  signalCases(engine('v2'));
});

const generations = everyK6Generation(import.meta.url, 'the signal comparisons');
for (const g of generations) {
  // Both generations answer signals alike, so the engine runs once, as current k6.
  describe.concurrent(`k6 run and signals, on ${g.name} (v${g.version})`, () => {
    signalCases({ name: g.name, compat: g.compat, command: (args) => [g.path, ['run', ...args]] });
  });
}
