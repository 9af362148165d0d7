/**
 * `loadgate k6 run`'s option flags (runner/k6-option-flags.ts) and --log-format, as k6 v2.2.0
 * takes them: every flag sets its option over the script's (the expected lines below are what
 * k6 printed for the same script and flags). test/conformance/scripts/options-cli-option-flags.js
 * holds a run with flags against real k6.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { k6LogText } from '../helpers/k6-log.js';
import { formatJson, formatRaw, rfc3339Local } from '../../src/engine/output/k6-log.js';
import { K6_OPTION_FLAGS, optionsFromFlags, parseStageFlags } from '../../src/runner/k6-option-flags.js';

const dir = mkdtempSync(join(tmpdir(), 'lg-k6-flags-'));
const script = join(dir, 'flags.js');
writeFileSync(
  script,
  `import exec from 'k6/execution';
export const options = { iterations: 1, tags: { a: '1' }, thresholds: { iterations: ['count>5'] }, userAgent: 'script/1' };
export default function () { const o = exec.test.options; console.log(JSON.stringify({ tags: o.tags, ua: o.userAgent, nt: o.noThresholds, batch: o.batch, b: o.blacklistIPs, bh: o.blockHostnames, mr: o.maxRedirects, th: o.throw, mid: o.minIterationDuration, d: o.discardResponseBodies, ns: o.noSetup, ncr: o.noConnectionReuse })); }
`,
);

describe('k6 run option flags', () => {
  it("set their options over the script's, as k6 v2.2.0 does", async () => {
    const r = await runCli(
      ['k6', 'run', '-q', '--tag', 'b=2', '--tag', 'c=3', '--user-agent', 'cli/2', '--no-thresholds', '--batch', '3', '--batch-per-host', '2', '--blacklist-ip', '10.0.0.0/8,192.168.0.0/16', '--block-hostnames', '*.x.test,y.test', '--max-redirects', '2', '--throw', '--min-iteration-duration', '10ms', '--discard-response-bodies', '--no-setup', '--no-connection-reuse', '--no-usage-report', '--address', 'localhost:6565', script],
      { cwd: dir },
    );
    // Thresholds crossed, but --no-thresholds: exit 0.
    expect(r.code, r.stderr).toBe(0);
    const line = r.stderr.split('\n').find((l) => l.includes('source=console')) ?? '';
    // k6 v2.2.0's line for the same script and flags (noThresholds is not among k6's test options).
    expect(line.replace(/^time="[^"]*" /, '')).toBe(
      'level=info msg="{\\"tags\\":{\\"b\\":\\"2\\",\\"c\\":\\"3\\"},\\"ua\\":\\"cli/2\\",\\"batch\\":3,\\"b\\":[\\"10.0.0.0/8\\",\\"192.168.0.0/16\\"],\\"bh\\":[\\"*.x.test\\",\\"y.test\\"],\\"mr\\":2,\\"th\\":true,\\"mid\\":\\"10ms\\",\\"d\\":true,\\"ns\\":true,\\"ncr\\":true}" source=console',
    );
  });

  it('refuse a bad value with exit 255, naming the flag in k6\'s words', async () => {
    const r = await runCli(['k6', 'run', '-q', '--batch', 'x', script], { cwd: dir });
    expect(r.code).toBe(255);
    expect(k6LogText(r.stderr).trim()).toBe('invalid argument "x" for "--batch" flag: strconv.ParseInt: parsing "x": invalid syntax');
  });

  it('map bare, --no- and valued flags to option values', () => {
    expect(optionsFromFlags({ setup: false, teardown: true, throw: true, httpDebug: true, tag: { a: 'b' }, blacklistIp: ['1.0.0.0/8'] })).toEqual({ noSetup: true, throw: true, httpDebug: 'headers', tags: { a: 'b' }, blacklistIPs: ['1.0.0.0/8'] });
    // Every flag names a distinct option.
    expect(new Set(K6_OPTION_FLAGS.map((f) => f.option)).size).toBe(K6_OPTION_FLAGS.length);
  });
});

describe('-s/--stage', () => {
  it("reads duration:target as k6's ParseStage does, with its errors", () => {
    expect(parseStageFlags(['90s:10', '1.5s', '0s:0'])).toEqual([{ duration: '1m30s', target: 10 }, { duration: '1.5s' }, { duration: '0s', target: 0 }]);
    const error = (v: string) => {
      try {
        parseStageFlags(['1s:1', v]);
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(error('x')).toBe('error for stage 1: time: invalid duration "x"');
    expect(error('10:1')).toBe('error for stage 1: time: missing unit in duration "10"');
    expect(error('1s:1:2')).toBe('error for stage 1: strconv.ParseInt: parsing "1:2": invalid syntax');
    expect(error(':2')).toBe("stage 1 doesn't have a specified duration");
  });

  it('replace the scenarios; beside --duration they are refused as in k6', async () => {
    const ramp = join(dir, 'ramp.js');
    writeFileSync(ramp, `import { sleep } from 'k6';\nexport const options = { scenarios: { s: { executor: 'shared-iterations', iterations: 1 } } };\nexport default function () { sleep(0.2); }\n`);
    const ok = await runCli(['k6', 'run', '-q', '-s', '1s:2', '--vus', '3', ramp], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('level=warning msg="\\"cli\\" level configuration overrode scenarios configuration entirely"');
    const both = await runCli(['k6', 'run', '-q', '-s', '1s:2', '-d', '1s', ramp], { cwd: dir });
    expect(both.code).toBe(104);
    expect(both.stderr).toContain('msg="using `duration` and `stages` options simultaneously is not allowed"');
    const bad = await runCli(['k6', 'run', '-q', '-s', 'x', ramp], { cwd: dir });
    expect(bad.code).toBe(255);
  });
});

describe('--console-output', () => {
  it("appends the script's console lines to the file, as k6 v2.2.0 does, and refuses a file it cannot open (255)", async () => {
    const file = join(dir, 'console.txt');
    writeFileSync(file, 'previous line\n');
    const printing = join(dir, 'print.js');
    writeFileSync(printing, `export const options = { iterations: 1 };\nexport default function () { console.log('hi', 1); console.warn('careful'); console.error({ a: 1 }); }\n`);
    const r = await runCli(['k6', 'run', '-q', '--console-output', file, printing], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('source=console');
    const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/^time="[^"]*" /, ''));
    expect(lines).toEqual(['previous line', 'level=info msg="hi 1"', 'level=warning msg=careful', 'level=error msg="{ a: 1 }"', '']);
    const bad = await runCli(['k6', 'run', '-q', '--console-output', join(dir, 'missing', 'c.txt'), printing], { cwd: dir });
    expect(bad.code).toBe(255);
    expect(bad.stderr).toContain(`open ${join(dir, 'missing', 'c.txt')}: no such file or directory`);
  });
});

describe('--log-output', () => {
  it('sends the log where k6 sends it, and refuses what k6 refuses (255)', async () => {
    const printing = join(dir, 'print-out.js');
    writeFileSync(printing, `export const options = { iterations: 1 };\nexport default function () { console.log('hi'); }\n`);
    const file = join(dir, 'k6.log');
    writeFileSync(file, 'old\n');
    const toFile = await runCli(['k6', 'run', '-q', `--log-output=file=${file}`, printing], { cwd: dir });
    expect(toFile.code, toFile.stderr).toBe(0);
    expect(toFile.stderr).not.toContain('level=');
    expect(readFileSync(file, 'utf8')).toMatch(/^old\ntime="[^"]+" level=info msg=hi source=console\n$/);
    const none = await runCli(['k6', 'run', '-q', '--log-output=none', printing], { cwd: dir });
    expect(none.stderr + none.stdout).not.toContain('level=');
    const out = await runCli(['k6', 'run', '-q', '--log-output=stdout', printing], { cwd: dir });
    expect(out.stdout).toContain('level=info msg=hi source=console');
    for (const [spec, words] of [
      ['bogus', "unsupported log output 'bogus'"],
      ['file', 'error while parsing logfile configuration key `file` with no value'],
      [`file=${join(dir, 'missing', 'k6.log')}`, `provided directory '${join(dir, 'missing')}' does not exist`],
      ['loki=http://127.0.0.1:3100', 'log output loki is not supported by the embedded engine'],
    ]) {
      const r = await runCli(['k6', 'run', '-q', `--log-output=${spec}`, printing], { cwd: dir });
      expect(r.code, spec).toBe(255);
      expect(r.stderr).toContain(words);
    }
  });
});

describe('--log-format', () => {
  const entry = { level: 'error' as const, msg: 'Error: <boom> & "x"\n\tat default (file:///a.js:3:1)\n', fields: { source: 'stacktrace', hint: 'script exception', executor: 'shared-iterations', scenario: 'default' } };
  it('json: logrus JSON, keys sorted, Go escaping, as k6 writes it', () => {
    expect(formatJson(entry, new Date('2026-12-07T11:43:23Z'))).toBe(
      String.raw`{"executor":"shared-iterations","hint":"script exception","level":"error","msg":"Error: \u003cboom\u003e \u0026 \"x\"\n\tat default (file:///a.js:3:1)\n","scenario":"default","source":"stacktrace","time":"` +
        `${rfc3339Local(new Date('2026-12-07T11:43:23Z'))}"}`,
    );
    expect(formatJson({ level: 'warning', msg: 'Request Failed', fields: { error: 'Get "http://127.0.0.1:1/": refused' } }, new Date(0))).toMatch(/^\{"error":"Get \\"http:\/\/127\.0\.0\.1:1\/\\": refused","level":"warning","msg":"Request Failed","time":"[^"]+"\}$/);
  });

  it('raw: the message alone; the CLI writes lines in the chosen format', async () => {
    expect(formatRaw(entry)).toBe(entry.msg);
    const r = await runCli(['k6', 'run', '-q', '--log-format', 'json', script], { cwd: dir });
    const line = r.stderr.split('\n').find((l) => l.includes('"source":"console"')) ?? '';
    expect(JSON.parse(line)).toMatchObject({ level: 'info', source: 'console' });
    expect(Object.keys(JSON.parse(line) as object)).toEqual(['level', 'msg', 'source', 'time']);
  });
});
