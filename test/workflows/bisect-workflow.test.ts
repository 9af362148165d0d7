/**
 * .github/workflows/bisect.yml (GitHub's schema and the common steps: workflows.test.ts): a
 * manual workflow with inputs good/bad/metric that runs `loadgate bisect` and uploads the
 * report whatever the outcome, with the inputs passed as environment variables only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: { workflow_dispatch?: { inputs: Record<string, { required?: boolean; type?: string }> } };
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const w = parse(readFileSync(new URL('../../.github/workflows/bisect.yml', import.meta.url), 'utf8')) as Workflow;
const steps = Object.values(w.jobs).flatMap((j) => j.steps);
const bisect = steps.find((s) => s.run?.includes('loadgate') && s.run.includes('bisect'));

describe('bisect.yml', () => {
  it('is started by hand with inputs good and bad (required) and metric, and only reads the code', () => {
    expect(Object.keys(w.on)).toEqual(['workflow_dispatch']);
    const inputs = w.on.workflow_dispatch!.inputs;
    expect(inputs.good?.required).toBe(true);
    expect(inputs.bad?.required).toBe(true);
    expect(inputs.metric?.required).toBe(false);
    expect(w.permissions).toEqual({ contents: 'read' });
  });

  it('checks out the whole history, so every commit of the range can be built', () => {
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
  });

  it('runs bisect after npm ci with the inputs as environment variables, never spliced into the script', () => {
    expect(bisect).toBeDefined();
    expect(steps.indexOf(bisect!)).toBeGreaterThan(steps.findIndex((s) => s.run === 'npm ci'));
    expect(bisect!.env).toMatchObject({ GOOD: '${{ inputs.good }}', BAD: '${{ inputs.bad }}', METRIC: '${{ inputs.metric }}' });
    expect(bisect!.run).not.toMatch(/\$\{\{/);
    expect(bisect!.run).toMatch(/--good "\$GOOD" --bad "\$BAD"/);
    expect(bisect!.run).toMatch(/--report-dir reports\/bisect/);
  });

  it('uploads the report directory the bisect step wrote, also when it exited non-zero', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if).toBe('always()');
    expect(upload?.with?.path).toBe('reports/bisect/');
    expect(steps.indexOf(upload!)).toBeGreaterThan(steps.indexOf(bisect!));
  });
});
