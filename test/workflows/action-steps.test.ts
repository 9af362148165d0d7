/**
 * action.yml's steps run for real: each `run` step in bash as the Actions runner runs it
 * (composite-runner.ts), with a stand-in `npx` that prints what `loadgate gate` prints
 * and exits with its code, and the comment step against a local GitHub API server.
 * Checks the command the action builds, the outputs it parses, the job summary, the PR
 * comment and the exit code it ends with.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PR_COMMENT_MARKER } from '../../src/report/pr-comment.js';
import { runStep, type ActionContext, type CompositeStep, type StepRun } from './composite-runner.js';
import { FakeGitHub, PR, REPO, TOKEN } from './fake-github.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { steps: CompositeStep[] };
};
const stepNamed = (name: string): CompositeStep => {
  const step = action.runs.steps.find((s) => s.name === name || s.id === name);
  if (!step) throw new Error(`action.yml has no step ${name}`);
  return step;
};

/** Stands in for `npx`: records its arguments, writes the reports its canned output names, prints it, exits with the canned code. */
const FAKE_NPX = `#!/usr/bin/env bash
printf '%s\\n' "$@" > "$FAKE_GATE_ARGS"
sed -n 's/^report ([a-z]*): //p' "$FAKE_GATE_STDOUT" | while IFS= read -r f; do
  mkdir -p "$(dirname "$f")"
  printf '${PR_COMMENT_MARKER}\\n## fake %s\\n' "$f" > "$f"
done
cat "$FAKE_GATE_STDOUT"
echo "progress goes to stderr" >&2
exit "$FAKE_GATE_CODE"
`;

const FAIL_OUTPUT = `building base abc123 in .loadgate/worktrees/abc123
verdict: FAIL
  - peak http_req_duration p(95) regressed +26.46% (p=0.002), confirmed in a second round
  - peak threshold p(95)<220 failed: 239 ms
results: results/head.json
results (base): results/base.json
report (html): reports/loadgate/report.html
report (markdown): reports/loadgate/summary.md
report (junit): reports/loadgate/junit.xml
report (json): reports/loadgate/report.json
report (comment): reports/loadgate/pr-comment.md
`;

const INCONCLUSIVE_OUTPUT = `verdict: INCONCLUSIVE
  - the canary moved -18% since the baseline: the machine changed; stored numbers cannot be compared
results: results/head.json
baseline: baselines/ci/linux-x64.json
report (markdown): reports/loadgate/summary.md
report (comment): reports/loadgate/pr-comment.md
`;

describe('action.yml run for real', () => {
  const github = new FakeGitHub();
  let workspace = '';
  let knobs = '';
  let baseSha = '';
  let context: ActionContext;
  let env: Record<string, string>;

  beforeAll(() => github.start());
  afterAll(() => github.stop());

  beforeEach(async () => {
    github.reset();
    workspace = await mkdtemp(join(tmpdir(), 'loadgate-action-'));
    knobs = await mkdtemp(join(tmpdir(), 'loadgate-action-knobs-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: workspace, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'base');
    baseSha = git('rev-parse', 'HEAD');
    const bin = join(knobs, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'npx'), FAKE_NPX);
    await chmod(join(bin, 'npx'), 0o755);
    const eventPath = join(knobs, 'event.json');
    const event = { pull_request: { number: PR, base: { sha: baseSha } } };
    await writeFile(eventPath, JSON.stringify(event));
    const githubContext = { token: TOKEN, event };
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']));
    context = { inputs: {}, github: githubContext, steps: {} };
    // Input defaults are expressions too (base-ref, github-token).
    context.inputs = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, v.replace(/\$\{\{\s*github\.([\w.]+)\s*\}\}/, (_, p: string) => String(p.split('.').reduce<any>((o, key) => o?.[key], githubContext) ?? ''))]));
    env = {
      PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? knobs,
      FAKE_GATE_ARGS: join(knobs, 'args'),
      FAKE_GATE_STDOUT: join(knobs, 'stdout'),
      GITHUB_REPOSITORY: REPO,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '99',
    };
  });
  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
    await rm(knobs, { recursive: true, force: true });
  });

  /** Runs the action's steps in order, the gate answering with `stdout` and `code`. */
  async function runAction(inputs: Record<string, string>, gate: { stdout: string; code: number }): Promise<Record<string, StepRun>> {
    Object.assign(context.inputs, inputs);
    await writeFile(env.FAKE_GATE_STDOUT!, gate.stdout);
    const options = { workspace, actionPath: ROOT, env: { ...env, FAKE_GATE_CODE: String(gate.code) } };
    const result: Record<string, StepRun> = {};
    for (const step of action.runs.steps) result[step.id ?? step.name ?? ''] = await runStep(step, context, options);
    return result;
  }
  const gateArgs = async () => (await readFile(env.FAKE_GATE_ARGS!, 'utf8')).trimEnd().split('\n');

  it('a confirmed regression side by side: the command, absolute paths, reasons, summary, one PR comment, exit 1', async () => {
    const run = await runAction({ scenarios: 'baseline peak', args: '--count 3' }, { stdout: FAIL_OUTPUT, code: 1 });
    expect(await gateArgs()).toEqual(
      ['--no', 'loadgate', 'gate', 'baseline', 'peak', '--profile', 'ci', '--base-ref', baseSha, '--report-dir', 'reports/loadgate', '--format', 'html,markdown,junit,json,comment', '--count', '3'],
    );
    const gate = run.gate!;
    expect(gate.code).toBe(0);
    expect(gate.stdout).toContain(FAIL_OUTPUT);
    expect(gate.stdout).not.toContain('::warning');
    expect(gate.outputs).toEqual({
      'exit-code': '1',
      verdict: 'fail',
      results: join(workspace, 'results/head.json'),
      'base-results': join(workspace, 'results/base.json'),
      'report-html': join(workspace, 'reports/loadgate/report.html'),
      'report-markdown': join(workspace, 'reports/loadgate/summary.md'),
      'report-junit': join(workspace, 'reports/loadgate/junit.xml'),
      'report-comment': join(workspace, 'reports/loadgate/pr-comment.md'),
      reasons: 'peak http_req_duration p(95) regressed +26.46% (p=0.002), confirmed in a second round\npeak threshold p(95)<220 failed: 239 ms',
    });
    expect(run['Job summary']!.summary).toBe(readFileSync(join(workspace, 'reports/loadgate/summary.md'), 'utf8'));
    expect(run['PR comment']!.code).toBe(0);
    expect(github.comments.map((c) => c.body)).toEqual([readFileSync(join(workspace, 'reports/loadgate/pr-comment.md'), 'utf8')]);
    expect(run["Exit with the gate's code"]!.code).toBe(1);
  });

  it('inconclusive is a warning and success by default, a failure with fail-on-inconclusive', async () => {
    const quiet = await runAction({ 'base-ref': '' }, { stdout: INCONCLUSIVE_OUTPUT, code: 5 });
    expect(await gateArgs()).not.toContain('--base-ref');
    expect(quiet.gate!.outputs).toMatchObject({ verdict: 'inconclusive', 'exit-code': '5', 'base-results': '', 'report-html': '' });
    const last = quiet["Exit with the gate's code"]!;
    expect(last.code).toBe(0);
    expect(last.stdout).toBe(
      '::warning title=loadgate verdict: INCONCLUSIVE::the canary moved -18%25 since the baseline: the machine changed; stored numbers cannot be compared. Not failing the job (fail-on-inconclusive is false).\n',
    );
    const strict = await runAction({ 'base-ref': '', 'fail-on-inconclusive': 'true' }, { stdout: INCONCLUSIVE_OUTPUT, code: 5 });
    expect(strict["Exit with the gate's code"]!.code).toBe(5);
    expect(strict["Exit with the gate's code"]!.stdout).toBe('');
  });

  it('a gate that stopped before reporting: verdict error, a summary line, the earlier PR comment replaced by a note, its exit code', async () => {
    const earlier = github.add(`${PR_COMMENT_MARKER}\n## ✅ PASS — an earlier push`);
    const run = await runAction({}, { stdout: '', code: 4 });
    expect(run.gate!.outputs).toMatchObject({ verdict: 'error', 'exit-code': '4', results: '', 'report-markdown': '', 'report-comment': '', reasons: '' });
    expect(run['Job summary']!.summary).toBe("loadgate wrote no summary: the gate stopped before reporting (exit code 4; see the loadgate gate step's log).\n");
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.id).toBe(earlier.id);
    expect(github.comments[0]!.body).toContain('## ⚠️ ERROR — loadgate stopped before reporting');
    expect(github.comments[0]!.body).toContain('The gate exited with code 4: the measurement itself failed');
    expect(run["Exit with the gate's code"]!.code).toBe(4);
  });

  it('splits scenarios and args on whitespace and never runs or globs them; runs in working-directory', async () => {
    await mkdir(join(workspace, 'app'));
    await writeFile(join(workspace, 'app', 'decoy.ts'), '');
    const run = await runAction({ scenarios: '$(touch pwned) * `touch pwned2`', args: '--engine  embedded', 'working-directory': 'app' }, { stdout: FAIL_OUTPUT, code: 1 });
    const args = await gateArgs();
    expect(args.slice(3, 8)).toEqual(['$(touch', 'pwned)', '*', '`touch', 'pwned2`']);
    expect(args.slice(-2)).toEqual(['--engine', 'embedded']);
    expect(existsSync(join(workspace, 'app', 'pwned'))).toBe(false);
    expect(existsSync(join(workspace, 'app', 'pwned2'))).toBe(false);
    expect(run.gate!.outputs.results).toBe(join(workspace, 'app', 'results/head.json'));
    // A YAML block list (one scenario a line) works too.
    await runAction({ scenarios: 'baseline\npeak\n', args: '' }, { stdout: FAIL_OUTPUT, code: 1 });
    expect((await gateArgs()).slice(3, 6)).toEqual(['baseline', 'peak', '--profile']);
    expect(existsSync(join(workspace, 'app', 'reports/loadgate/summary.md'))).toBe(true);
  });

  it('warns when base-ref is not in the clone (a shallow checkout), and still runs the gate', async () => {
    const run = await runAction({ 'base-ref': '0123456789abcdef0123456789abcdef01234567' }, { stdout: FAIL_OUTPUT, code: 1 });
    expect(run.gate!.stdout).toContain(
      '::warning title=loadgate::base-ref 0123456789abcdef0123456789abcdef01234567 is not in this clone; check out with actions/checkout and fetch-depth: 0',
    );
    expect(await gateArgs()).toContain('0123456789abcdef0123456789abcdef01234567');
  });
});
