/**
 * The CI workflows and the GitHub Action: workflows validated by GitHub's own workflow
 * parser and schema (@actions/workflow-parser, the library behind the Actions language
 * service); action.yml, which that parser does not cover, by a JSON schema of composite
 * action metadata, with its steps put through the workflow parser too. Then all are read
 * as YAML to check the steps that make the gate honest are there and guarded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

const WORKFLOWS = fileURLToPath(new URL('../../.github/workflows/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAMES = ['perf-gate.yml', 'weekly.yml', 'release.yml', 'bisect.yml'] as const;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: unknown;
  'working-directory'?: string;
}
interface ActionMetadata {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string };
  jobs: Record<string, { steps: Step[]; 'runs-on': string }>;
}

/** Errors GitHub's parser reports for a workflow text (schema, expressions, structure). */
async function validate(name: string, content: string): Promise<string[]> {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (result.value && errors.length === 0) {
    const template = await convertWorkflowTemplate(result.context, result.value);
    errors.push(...(template.errors ?? []).map((e) => e.Message));
  }
  return errors;
}

const read = (name: string): string => readFileSync(`${WORKFLOWS}${name}`, 'utf8');
const load = (name: string): Workflow => parse(read(name)) as Workflow;
const stepsOf = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps);
const find = (steps: Step[], pred: (s: Step) => boolean, what: string): Step => {
  const step = steps.find(pred);
  if (!step) throw new Error(`no step ${what}`);
  return step;
};
const runs = (text: string) => (s: Step) => s.run?.includes(text) ?? false;
const uses = (action: string) => (s: Step) => s.uses?.startsWith(`${action}@`) ?? false;

const ACTION_TEXT = readFileSync(`${ROOT}action.yml`, 'utf8');
const action = parse(ACTION_TEXT) as ActionMetadata;
const validateActionSchema = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(new URL('./composite-action.schema.json', import.meta.url), 'utf8')) as object);

/** Schema errors of an action.yml's metadata, as `path message` lines. */
function actionSchemaErrors(metadata: unknown): string[] {
  if (validateActionSchema(metadata)) return [];
  return (validateActionSchema.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/**
 * GitHub's workflow parser on an action's steps, placed in a reusable workflow whose
 * inputs are the action's: catches expression syntax, unknown step keys and contexts.
 */
function actionStepsAsWorkflow(metadata: ActionMetadata): string {
  const inputs = Object.fromEntries(Object.keys(metadata.inputs).map((name) => [name, { type: 'string', required: false }]));
  return stringify({ on: { workflow_call: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-latest', steps: metadata.runs.steps } } });
}

/** Every `name` in `context.name` inside a `${{ }}` expression of `text`. */
function referenced(text: string, context: string): string[] {
  const names = [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].flatMap((m) => [...(m[1] ?? '').matchAll(new RegExp(`(?<![\\w.-])${context}\\.([A-Za-z0-9_-]+)`, 'g'))].map((r) => r[1] ?? ''));
  return [...new Set(names)];
}

describe('workflow files', () => {
  it.each(NAMES)('%s passes GitHub\'s workflow schema', async (name) => {
    expect(await validate(name, read(name))).toEqual([]);
  });

  it('the validator does catch broken workflows', async () => {
    expect(await validate('bad.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n')).not.toEqual([]);
    expect(await validate('bad.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha \n')).not.toEqual([]);
  });

  it.each(NAMES)('%s sets up Node 20, installs with npm ci, installs k6', (name) => {
    const steps = stepsOf(load(name));
    expect(steps.findIndex(uses('actions/checkout'))).toBe(0);
    expect(find(steps, uses('actions/setup-node'), 'setup-node').with?.['node-version']).toBe(20);
    find(steps, (s) => s.run === 'npm ci', 'npm ci');
    find(steps, uses('grafana/setup-k6-action'), 'setup-k6');
  });
});

describe('perf-gate.yml', () => {
  const w = load('perf-gate.yml');
  const steps = stepsOf(w);

  it('runs on pull requests, reads the code and may write only PR comments', () => {
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    expect(w.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('checks out the full history, so the base commit can be built side by side', () => {
    expect(find(steps, uses('actions/checkout'), 'checkout').with?.['fetch-depth']).toBe(0);
  });

  it('gates with this repository\'s action, base and head side by side from the PR\'s base sha', () => {
    const gate = find(steps, (s) => s.uses === './', 'using the action');
    expect(gate.with?.['base-ref']).toBe('${{ github.event.pull_request.base.sha }}');
    expect(gate.with?.profile).toBe('ci');
    expect(steps.indexOf(gate)).toBeGreaterThan(steps.findIndex((s) => s.run === 'npm ci'));
    expect(steps.indexOf(gate)).toBeGreaterThan(steps.findIndex(uses('grafana/setup-k6-action')));
  });

  it('fails the job on the gate\'s exit code: the gate step is not softened', () => {
    const gate = find(steps, (s) => s.uses === './', 'using the action');
    expect(gate['continue-on-error']).toBeUndefined();
    expect(gate.if).toBeUndefined();
    expect(gate.with?.['fail-on-inconclusive']).toBeUndefined();
  });

  it('uploads the report dir the action wrote and the results even when the gate failed', () => {
    const gate = find(steps, (s) => s.uses === './', 'using the action');
    const upload = find(steps, uses('actions/upload-artifact'), 'uploading the report');
    expect(upload.if).toBe('always()');
    expect(String(upload.with?.path)).toContain(`${String(gate.with?.['report-dir'])}/`);
    expect(String(upload.with?.path)).toContain('results/');
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(gate));
  });
});

describe('action.yml', () => {
  const steps = action.runs.steps;
  const step = (id: string): Step => find(steps, (s) => s.id === id, `with id ${id}`);
  const gate = step('gate');

  it('passes the composite action metadata schema', () => {
    expect(actionSchemaErrors(action)).toEqual([]);
    expect(action.runs.using).toBe('composite');
  });

  it('the schema does catch broken metadata', () => {
    const broken = structuredClone(action) as unknown as Record<string, any>;
    delete broken.inputs.profile.description;
    broken.inputs.comment.default = true;
    broken.outputs.verdict = { description: 'no value' };
    broken.runs.steps[0].shell = undefined;
    delete broken.runs.steps[0].shell;
    broken.runs.steps.push({ uses: 'actions/cache@v4', run: 'echo both' });
    broken.runs.using = 'node20';
    expect(actionSchemaErrors(broken)).toEqual(
      expect.arrayContaining([
        "/inputs/profile must have required property 'description'",
        '/inputs/comment/default must be string',
        "/outputs/verdict must have required property 'value'",
        "/runs/steps/0 must have required property 'shell'",
        '/runs/steps/4 must match exactly one schema in oneOf',
        '/runs/using must be equal to constant',
      ]),
    );
  });

  it('its steps pass GitHub\'s workflow parser (expressions, step keys, contexts)', async () => {
    expect(await validate('action-steps.yml', actionStepsAsWorkflow(action))).toEqual([]);
    const broken = structuredClone(action);
    broken.runs.steps[1]!.if = '${{ !cancelled() && }}';
    expect(await validate('action-steps.yml', actionStepsAsWorkflow(broken))).not.toEqual([]);
  });

  it('uses only declared inputs, and every declared input', () => {
    const used = referenced(ACTION_TEXT, 'inputs');
    expect(used.filter((name) => !(name in action.inputs))).toEqual([]);
    expect(Object.keys(action.inputs).filter((name) => !used.includes(name))).toEqual([]);
  });

  it('reads step outputs only from existing steps, and every action output is one the gate step writes', () => {
    const ids = steps.map((s) => s.id).filter(Boolean);
    expect(referenced(ACTION_TEXT, 'steps').filter((id) => !ids.includes(id))).toEqual([]);
    for (const [name, output] of Object.entries(action.outputs)) {
      const match = /^\$\{\{ steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+) \}\}$/.exec(output.value);
      expect(match, `${name}: ${output.value}`).not.toBeNull();
      expect(ids).toContain(match![1]);
      expect(step(match![1]!).run, `step ${match![1]} writes ${match![2]}`).toContain(`echo "${match![2]}=`);
    }
    expect(Object.keys(action.outputs).sort()).toEqual(['base-results', 'exit-code', 'report-html', 'report-junit', 'report-markdown', 'results', 'verdict']);
  });

  it('has the documented defaults', () => {
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]));
    expect(defaults).toEqual({
      profile: 'ci',
      scenarios: '',
      'base-ref': '${{ github.event.pull_request.base.sha }}',
      args: '',
      'working-directory': '.',
      'report-dir': 'reports/loadgate',
      comment: 'true',
      'fail-on-inconclusive': 'false',
      'github-token': '${{ github.token }}',
    });
    expect(Object.values(action.inputs).every((i) => i.required === false)).toBe(true);
  });

  it('never pastes an expression into a script: inputs and outputs reach bash as environment variables', () => {
    for (const s of steps) expect(s.run ?? '', s.name).not.toContain('${{');
    expect(Object.values(gate.env ?? {})).toEqual(
      expect.arrayContaining(['${{ inputs.scenarios }}', '${{ inputs.base-ref }}', '${{ inputs.args }}', '${{ inputs.profile }}']),
    );
  });

  it('runs the installed loadgate with every report format, recording its exit code instead of stopping', () => {
    expect(gate.run).toMatch(/^set \+e$/m);
    expect(gate.run).toContain('npx --no loadgate gate "${scenarios[@]}" --profile "$GATE_PROFILE" "${base[@]}"');
    expect(gate.run).toContain('--report-dir "$GATE_REPORT_DIR" --format html,markdown,junit,json,comment');
    expect(gate.run).toContain('code=${PIPESTATUS[0]}');
    expect(gate['working-directory']).toBe('${{ inputs.working-directory }}');
  });

  it('writes the job summary and the PR comment, then exits with the gate\'s code (inconclusive: a warning unless asked)', () => {
    const summary = find(steps, runs('$GITHUB_STEP_SUMMARY'), 'writing the job summary');
    expect(summary.if).toBe('always()');
    expect(summary.run).toContain('loadgate wrote no summary: the gate stopped before reporting');
    const comment = find(steps, runs('post-comment.mjs'), 'posting the PR comment');
    expect(comment.if).toBe("${{ !cancelled() && inputs.comment == 'true' && github.event.pull_request.number }}");
    expect(comment.env?.GITHUB_TOKEN).toBe('${{ inputs.github-token }}');
    expect(comment.run).toContain('node "$GITHUB_ACTION_PATH/action/post-comment.mjs"');
    expect(existsSync(`${ROOT}action/post-comment.mjs`)).toBe(true);
    const last = steps[steps.length - 1]!;
    expect(last.if).toBe('always()');
    expect(last.env?.FAIL_ON_INCONCLUSIVE).toBe('${{ inputs.fail-on-inconclusive }}');
    expect(last.run).toContain('if [ "$code" = 5 ] && [ "$FAIL_ON_INCONCLUSIVE" != true ]; then');
    expect(last.run).toMatch(/exit "\$code"\s*$/);
    expect(steps.indexOf(summary)).toBeGreaterThan(steps.indexOf(gate));
    expect(steps.indexOf(comment)).toBeGreaterThan(steps.indexOf(gate));
  });
});

describe('weekly.yml', () => {
  const w = load('weekly.yml');
  const steps = stepsOf(w);
  const VALID_MEASUREMENT = "steps.gate.outputs.code == '0' || steps.gate.outputs.code == '1' || steps.gate.outputs.code == '5'";

  it('runs on a schedule and by hand', () => {
    expect(w.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
    expect('workflow_dispatch' in w.on).toBe(true);
  });

  it('records the gate\'s exit code, appends history for valid measurements, and fails last', () => {
    const gate = find(steps, runs('npx loadgate gate --profile weekly'), 'weekly run');
    expect(gate.run).toContain('code=${PIPESTATUS[0]}');
    expect(gate.run).not.toContain('--base-ref');
    const append = find(steps, runs('loadgate history append'), 'history append');
    expect(append.if).toBe(VALID_MEASUREMENT);
    const trend = find(steps, runs('loadgate trend --profile weekly'), 'trend');
    expect(trend.if).toBe('always()');
    const last = steps[steps.length - 1]!;
    expect(last.if).toBe('always()');
    expect(last.env?.CODE).toBe('${{ steps.gate.outputs.code || 4 }}');
    expect(last.run).toMatch(/exit "\$CODE"\s*$/);
  });

  it('treats an inconclusive run (exit 5) as a data point: appended and committed, then a warning, not a failure', () => {
    expect(VALID_MEASUREMENT).toContain("steps.gate.outputs.code == '5'");
    expect(find(steps, runs('git push origin HEAD:refs/heads/loadgate-history'), 'pushing history').if).toBe(VALID_MEASUREMENT);
    const last = steps[steps.length - 1]!;
    expect(last.run).toContain('if [ "$CODE" = 5 ]; then');
    expect(last.run).toMatch(/::warning title=loadgate weekly: INCONCLUSIVE::.*\n\s*exit 0\n/);
  });

  it('commits the history to the loadgate-history branch, one writer at a time', () => {
    expect(w.permissions).toEqual({ contents: 'write' });
    expect(w.concurrency?.group).toBe('loadgate-history');
    const commit = find(steps, runs('git push origin HEAD:refs/heads/loadgate-history'), 'pushing history');
    expect(commit['working-directory']).toBe('../loadgate-history');
    const upload = find(steps, uses('actions/upload-artifact'), 'uploading reports');
    expect(upload.if).toBe('always()');
    expect(String(upload.with?.path)).toContain('reports/trend/');
  });
});

describe('release.yml', () => {
  const w = load('release.yml');
  const steps = stepsOf(w);

  it('runs on release tags', () => {
    expect(w.on.push).toEqual({ tags: ['v*'] });
  });

  it('finds the previous release tag and measures the release side by side with it', () => {
    expect(find(steps, uses('actions/checkout'), 'checkout').with?.['fetch-depth']).toBe(0);
    const previous = find(steps, (s) => s.id === 'previous', 'finding the previous tag');
    expect(previous.run).toContain(`git describe --tags --abbrev=0 --match 'v*' "\${GITHUB_REF_NAME}^"`);
    expect(previous.run).toContain('echo "tag=$prev" >> "$GITHUB_OUTPUT"');
    // The first release has no earlier tag: it says so and falls back to the stored baseline.
    expect(previous.run).toMatch(/else\n\s*echo "::notice title=loadgate release::No v\* tag before .*stored baseline/);
    const gate = find(steps, runs('npx loadgate gate --profile release'), 'release run');
    expect(gate.env?.PREV_TAG).toBe('${{ steps.previous.outputs.tag }}');
    expect(gate.run).toContain('npx loadgate gate --profile release ${prev:+--base-ref "$prev"} --sign-off --version "$GITHUB_REF_NAME"');
    expect(gate.run).toContain(`echo "base-results=$(sed -n 's/^results (base): //p' gate.log | tail -n 1)"`);
    expect(steps.indexOf(gate)).toBeGreaterThan(steps.indexOf(previous));
  });

  it('renders the sign-off from the gate\'s own verdict and attaches it to the release whatever the verdict, then fails on the gate', () => {
    const gate = find(steps, runs('npx loadgate gate --profile release'), 'release run');
    // One verdict: the page comes from the gate (confirmation round included), not from a second comparison.
    expect(gate.run).toContain('--sign-off --version "$GITHUB_REF_NAME" --report-dir reports/release --format html,markdown,json');
    expect(steps.some((s) => s.run?.includes('npx loadgate report'))).toBe(false);
    const signOff = find(steps, (s) => s.id === 'signoff', 'sign-off page check');
    expect(signOff.run).toBe('test -f reports/release/report.html');
    const attach = find(steps, uses('softprops/action-gh-release'), 'attaching to the release');
    expect(attach.if).toBe("always() && steps.signoff.outcome == 'success'");
    expect(String(attach.with?.files)).toContain('reports/release/report.html');
    expect(find(steps, runs('loadgate history append'), 'history append').if).toBe("steps.gate.outputs.code == '0' || steps.gate.outputs.code == '1'");
    expect(steps[steps.length - 1]!.run).toBe('exit "${{ steps.gate.outputs.code || 4 }}"');
    expect(w.concurrency?.group).toBe('loadgate-history');
  });
});
