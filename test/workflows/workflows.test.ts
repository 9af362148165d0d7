/**
 * The CI workflows: validated by GitHub's own workflow parser and schema
 * (@actions/workflow-parser, the library behind the Actions language service), then
 * read as YAML to check the steps that make the gate honest are there and guarded.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const WORKFLOWS = fileURLToPath(new URL('../../.github/workflows/', import.meta.url));
const NAMES = ['perf-gate.yml', 'weekly.yml', 'release.yml'] as const;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  'continue-on-error'?: unknown;
  'working-directory'?: string;
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

  it('runs on pull requests with read-only permissions', () => {
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    expect(w.permissions).toEqual({ contents: 'read' });
  });

  it('fails the job on the gate\'s exit code: the gate step is not softened', () => {
    const gate = find(steps, runs('npx loadgate gate --profile ci'), 'running the gate');
    expect(gate['continue-on-error']).toBeUndefined();
    expect(gate.if).toBeUndefined();
    expect(gate.run).not.toMatch(/\|\||set \+e|; *true/);
  });

  it('writes summary.md to the job summary and uploads the report even when the gate failed', () => {
    const gateIndex = steps.findIndex(runs('loadgate gate'));
    const summary = find(steps, runs('$GITHUB_STEP_SUMMARY'), 'writing the job summary');
    expect(summary.run).toContain('reports/gate/summary.md');
    expect(summary.if).toBe('always()');
    const upload = find(steps, uses('actions/upload-artifact'), 'uploading the report');
    expect(upload.if).toBe('always()');
    expect(String(upload.with?.path)).toContain('reports/gate/');
    expect(steps.indexOf(summary)).toBeGreaterThan(gateIndex);
    expect(steps.indexOf(upload)).toBeGreaterThan(gateIndex);
  });
});

describe('weekly.yml', () => {
  const w = load('weekly.yml');
  const steps = stepsOf(w);

  it('runs on a schedule and by hand', () => {
    expect(w.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
    expect('workflow_dispatch' in w.on).toBe(true);
  });

  it('records the gate\'s exit code, appends history for valid measurements, and fails last', () => {
    const gate = find(steps, runs('npx loadgate gate --profile weekly'), 'weekly run');
    expect(gate.run).toContain('code=${PIPESTATUS[0]}');
    const append = find(steps, runs('loadgate history append'), 'history append');
    expect(append.if).toBe("steps.gate.outputs.code == '0' || steps.gate.outputs.code == '1'");
    const trend = find(steps, runs('loadgate trend --profile weekly'), 'trend');
    expect(trend.if).toBe('always()');
    const last = steps[steps.length - 1]!;
    expect(last.if).toBe('always()');
    expect(last.run).toBe('exit "${{ steps.gate.outputs.code || 4 }}"');
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

  it('renders the sign-off and attaches it to the release whatever the verdict, then fails on the gate', () => {
    find(steps, runs('npx loadgate gate --profile release'), 'release run');
    const signOff = find(steps, runs('--sign-off'), 'sign-off report');
    expect(signOff.run).toContain('npx loadgate report');
    const attach = find(steps, uses('softprops/action-gh-release'), 'attaching to the release');
    expect(attach.if).toBe("always() && steps.signoff.outcome == 'success'");
    expect(String(attach.with?.files)).toContain('reports/release/report.html');
    expect(steps[steps.length - 1]!.run).toBe('exit "${{ steps.gate.outputs.code || 4 }}"');
    expect(w.concurrency?.group).toBe('loadgate-history');
  });
});
