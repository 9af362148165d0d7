/**
 * `loadgate k6 run -c FILE` (and K6_CONFIG): k6's config file, the lowest options layer, read
 * and refused in each generation's words, at the point in loading where each k6 refuses it.
 * The expected lines were recorded from k6 v2.2.0 and v0.49.0; where real k6 is found the same
 * runs go to it too and must say the same lines with the same exit codes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { K6Compat } from '../../src/engine/k6-compat.js';
import { runCli } from '../helpers/cli.js';
import { everyK6Generation } from '../helpers/real-k6.js';

const SCRIPTS: Record<string, string> = {
  'ok.js': 'export default function () {}\n',
  'options.js': `import exec from 'k6/execution';
export const options = { iterations: 2 };
export default function () {
  if (exec.scenario.iterationInTest === 0) console.log(JSON.stringify(exec.test.options.scenarios), JSON.stringify(exec.test.options.tags), exec.test.options.summaryTrendStats.join(' '));
}
`,
  'syntax.js': 'syntax error here(\n',
  'throws.js': 'throw new Error("boom");\nexport default function () {}\n',
  'bad-option.js': 'export const options = { vus: "x" };\nexport default function () {}\n',
};

const CONFIGS: Record<string, string> = {
  'good.json': '{"vus": 2, "iterations": 5, "tags": {"a": "b"}, "thresholds": {"iterations": ["count>100"]}, "summaryTrendStats": ["avg", "p(99)"], "noThresholds": true, "unknownField": 1}',
  'syntax.json': '{"vus": 3 x}',
  'duration.json': '{"duration": "abc"}',
  'scenarios.json': '{"scenarios": 5}',
  'executor.json': '{"scenarios": {"x": {"executor": "nope"}}}',
  'string.json': '"hello"',
  'empty.json': '',
  'tags.json': '{"tags": {"a": 1}}',
  'stages.json': '{"stages": [{"duration": "1s", "target": "x"}]}',
  'null.json': 'null',
  'linger.json': '{"linger": "yes"}',
};

const V2 = 'failed to load the configuration file from the local file system: ';

/** [config, what k6 says after the v2 preamble, v2 exit, v0.49 exit]; v0.49 says it without the preamble. */
const REFUSED: Array<[string, string]> = [
  ['missing.json', 'stat missing.json: no such file or directory'],
  ['folder.json', 'couldn\'t load the configuration from "folder.json": read folder.json: is a directory'],
  ['syntax.json', 'couldn\'t parse the configuration from "syntax.json": invalid character \'x\' after object key:value pair'],
  ['duration.json', 'couldn\'t parse the configuration from "duration.json": time: invalid duration "abc"'],
  ['executor.json', 'couldn\'t parse the configuration from "executor.json": unknown executor type \'nope\''],
  ['string.json', 'couldn\'t parse the configuration from "string.json": json: cannot unmarshal string into Go value of type cmd.Config'],
  ['empty.json', 'couldn\'t parse the configuration from "empty.json": unexpected end of JSON input'],
  ['stages.json', 'couldn\'t parse the configuration from "stages.json": strconv.ParseInt: parsing "x": invalid syntax'],
  // Not a test option but k6's own setting, in the same file (cmd.Config).
  ['linger.json', 'couldn\'t parse the configuration from "linger.json": json: cannot unmarshal string into Go value of type null.Bool'],
];

interface Outcome {
  code: number;
  /** The log lines' messages (logfmt's msg, unquoted). */
  messages: string[];
}

function messagesOf(stderr: string): string[] {
  return [...stderr.matchAll(/ msg="((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

/**
 * Homes for k6's default config file (no -c, no K6_CONFIG): k6 v2 reads <config dir>/k6/config.json,
 * v0.49 <config dir>/loadimpact/k6/config.json, the config dir being $XDG_CONFIG_HOME or ~/.config.
 */
const DEFAULT_FILES: Record<string, string> = {
  'home-v2/.config/k6/config.json': CONFIGS['good.json']!,
  'home-both/.config/k6/config.json': CONFIGS['good.json']!,
  'home-both/.config/loadimpact/k6/config.json': CONFIGS['good.json']!,
  'home-bad/.config/k6/config.json': CONFIGS['syntax.json']!,
  'home-bad/.config/loadimpact/k6/config.json': CONFIGS['syntax.json']!,
  'xdg/k6/config.json': CONFIGS['good.json']!,
  'xdg/loadimpact/k6/config.json': CONFIGS['good.json']!,
};

/** Made now, not in beforeAll: the comparisons' environments name their homes while the tests are collected. */
const dir = mkdtempSync(join(tmpdir(), 'loadgate-k6-config-'));
/** The environment of a run whose user's home is `home` (and whose config dir is `xdg`, when given). */
const homeEnv = (home: string, xdg?: string): Record<string, string> => ({ HOME: join(dir, home), XDG_CONFIG_HOME: xdg ? join(dir, xdg) : '' });
beforeAll(async () => {
  for (const [name, text] of Object.entries({ ...SCRIPTS, ...CONFIGS, ...DEFAULT_FILES })) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  await mkdir(join(dir, 'folder.json'));
});

/** Each engine run once: the recorded expectations and the comparisons with k6 ask for the same runs. */
const engineRuns = new Map<string, Promise<Outcome>>();

function engine(compat: K6Compat, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const key = JSON.stringify([compat, args, env]);
  let run = engineRuns.get(key);
  if (!run) {
    run = runCli(['k6', 'run', '-q', '--compat', compat, ...args], { cwd: dir, env }).then((r) => ({ code: r.code, messages: messagesOf(r.stderr) }));
    engineRuns.set(key, run);
  }
  return run;
}

function k6(path: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    // --address= : k6 v0.49 starts its REST API on localhost:6565 unless told not to, and runs side by side would fight over it.
    execFile(path, ['run', '-q', '--address=', ...args], { cwd: dir, timeout: 60_000, env: { ...process.env, K6_AUTO_EXTENSION_RESOLUTION: 'false', ...env } }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, messages: messagesOf(stderr) });
    });
  });
}

// Answers and words, not times: the runs of a block go on together (vitest's maxConcurrency, 5).
describe.concurrent('k6 run -c: a config file k6 refuses', () => {
  it.each(REFUSED)('%s: k6 v2 says it after its preamble, exit 104; v0.49 without, exit 255', async (config, words) => {
    expect(await engine('v2', ['-c', config, 'ok.js'])).toEqual({ code: 104, messages: [`${V2}${words}`] });
    expect(await engine('v0.49', ['-c', config, 'ok.js'])).toEqual({ code: 255, messages: [words] });
  });

  it("names Go's struct field as each generation's decoder does", async () => {
    expect((await engine('v2', ['-c', 'tags.json', 'ok.js'])).messages).toEqual([`${V2}couldn't parse the configuration from "tags.json": json: cannot unmarshal number into Go struct field Config.Options.tags of type string`]);
    expect((await engine('v0.49', ['-c', 'scenarios.json', 'ok.js'])).messages).toEqual([
      'couldn\'t parse the configuration from "scenarios.json": json: cannot unmarshal number into Go struct field Config.scenarios of type map[string]lib.protoExecutorConfig',
    ]);
  });

  it('is refused where k6 refuses it: after a syntax error; v2 before the init code runs, v0.49 after it and after the options', async () => {
    expect((await engine('v2', ['-c', 'missing.json', 'syntax.js'])).code).toBe(107);
    expect(await engine('v2', ['-c', 'missing.json', 'throws.js'])).toEqual({ code: 104, messages: [`${V2}stat missing.json: no such file or directory`] });
    expect(await engine('v2', ['-c', 'missing.json', 'bad-option.js'])).toEqual({ code: 104, messages: [`${V2}stat missing.json: no such file or directory`] });
    const initFirst = await engine('v0.49', ['-c', 'missing.json', 'throws.js']);
    expect(initFirst.code).toBe(107);
    expect(initFirst.messages[0]).toMatch(/^Error: boom\n/);
    const optionsFirst = await engine('v0.49', ['-c', 'missing.json', 'bad-option.js']);
    expect(optionsFirst.messages[0]).toMatch(/^could not initialize 'bad-option\.js': .*strconv\.ParseInt: parsing "x": invalid syntax$/);
  });

  it('K6_* variables k6 cannot read are refused after the script loaded, as k6 does (a missing script, an init error first)', async () => {
    expect((await engine('v2', ['nope.js'], { K6_VUS: 'x' })).messages[0]).toMatch(/^The moduleSpecifier "nope\.js" couldn't be found on local disk/);
    const init = await engine('v2', ['throws.js'], { K6_VUS: 'x' });
    expect(init.code).toBe(107);
    expect(init.messages[0]).toMatch(/^Error: boom\n/);
    expect((await engine('v2', ['ok.js'], { K6_VUS: 'x' })).code).toBe(104);
  });
});

describe.concurrent('k6 run -c: the options it gives', () => {
  it("sit under the script's: the script's iterations win, the file's VUs, tags, trend stats and thresholds stay; noThresholds and unknown fields are ignored", async () => {
    for (const compat of ['v2', 'v0.49'] as const) {
      const r = await engine(compat, ['-c', 'good.json', 'options.js']);
      expect(r.code, r.messages.join('\n')).toBe(99);
      expect(r.messages[0]).toBe('{"default":{"executor":"shared-iterations","startTime":null,"gracefulStop":null,"env":null,"exec":null,"tags":null,"vus":2,"iterations":2,"maxDuration":null}} {"a":"b"} avg p(99)');
      expect(r.messages.at(-1)).toBe("thresholds on metrics 'iterations' have been crossed");
    }
  });

  it("come from k6's default file when nothing names one: each generation its own folder, $XDG_CONFIG_HOME first, not read when -c names a file", async () => {
    const thresholdsCrossed = async (compat: K6Compat, args: string[], env: Record<string, string>): Promise<boolean> => (await engine(compat, args, env)).code === 99;
    expect(await thresholdsCrossed('v2', ['options.js'], homeEnv('home-v2'))).toBe(true);
    expect(await thresholdsCrossed('v0.49', ['options.js'], homeEnv('home-both'))).toBe(true);
    // k6 v0.49 reads only loadimpact/k6/config.json: home-v2 has none.
    expect(await engine('v0.49', ['ok.js'], homeEnv('home-v2'))).toEqual({ code: 0, messages: [] });
    expect(await thresholdsCrossed('v2', ['options.js'], homeEnv('home-bad', 'xdg'))).toBe(true);
    expect(await engine('v2', ['-c', 'null.json', 'ok.js'], homeEnv('home-bad'))).toEqual({ code: 0, messages: [] });
  });

  it("refuse a broken default file in each generation's words, naming its whole path", async () => {
    const at = (folder: string): string => `couldn't parse the configuration from ${JSON.stringify(join(dir, 'home-bad/.config', folder, 'config.json'))}: invalid character 'x' after object key:value pair`;
    expect(await engine('v2', ['ok.js'], homeEnv('home-bad'))).toEqual({ code: 104, messages: [`${V2}${at('k6')}`] });
    expect(await engine('v0.49', ['ok.js'], homeEnv('home-bad'))).toEqual({ code: 255, messages: [at('loadimpact/k6')] });
  });

  it('come from K6_CONFIG when no flag names a file, and a null file is no options', async () => {
    expect((await engine('v2', ['options.js'], { K6_CONFIG: 'good.json' })).code).toBe(99);
    expect((await engine('v2', ['--config', 'null.json', 'ok.js'])).code).toBe(0);
  });
});

const generations = everyK6Generation(import.meta.url, 'the config-file comparison');
for (const g of generations) {
  describe.concurrent(`k6 run -c, the same as ${g.name}`, () => {
    const runs: Array<[string, string[], Record<string, string>]> = [
      ...REFUSED.map(([config]): [string, string[], Record<string, string>] => [config, ['-c', config, 'ok.js'], {}]),
      ['tags.json', ['-c', 'tags.json', 'ok.js'], {}],
      ['scenarios.json', ['-c', 'scenarios.json', 'ok.js'], {}],
      ['good.json', ['-c', 'good.json', 'options.js'], {}],
      ['K6_CONFIG', ['options.js'], { K6_CONFIG: 'good.json' }],
      ['null.json', ['-c', 'null.json', 'ok.js'], {}],
      ['missing.json, init error', ['-c', 'missing.json', 'throws.js'], {}],
      ['missing.json, bad script option', ['-c', 'missing.json', 'bad-option.js'], {}],
      ['K6_VUS=x, init error', ['throws.js'], { K6_VUS: 'x' }],
      ['K6_VUS=x, missing script', ['nope.js'], { K6_VUS: 'x' }],
      ['default file in each folder', ['options.js'], homeEnv('home-both')],
      ['default file in k6 v2\'s folder only', ['options.js'], homeEnv('home-v2')],
      ['default file under $XDG_CONFIG_HOME', ['options.js'], homeEnv('home-bad', 'xdg')],
      ['broken default file', ['ok.js'], homeEnv('home-bad')],
      ['broken default file, -c given', ['-c', 'null.json', 'ok.js'], homeEnv('home-bad')],
    ];
    it.each(runs)('%s: same messages and exit code', async (_label, args, env) => {
      const real = await k6(g.path, args, env);
      const ours = await engine(g.compat, args, env);
      // goja's program counter after line:col is k6's alone.
      const plain = (o: Outcome) => ({ code: o.code, messages: o.messages.map((m) => m.replace(/(:\d+:\d+)\(\d+\)/g, '$1')) });
      expect(plain(ours)).toEqual(plain(real));
    });
  });
}
