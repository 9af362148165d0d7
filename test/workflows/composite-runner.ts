/**
 * Runs the `run` steps of a composite action (action.yml) the way the Actions runner
 * does, for tests: each step's script in `bash --noprofile --norc -eo pipefail`, its
 * `env` and `working-directory` expressions resolved, GITHUB_OUTPUT parsed into the
 * step's outputs (both `name=value` and the `name<<DELIMITER` multi-line form), and
 * GITHUB_STEP_SUMMARY collected. Expressions are limited to what action.yml uses:
 * property paths (`inputs.x`, `steps.id.outputs.y`, `github.token`) joined by `||`;
 * anything else throws, so a step that needs more is noticed, not silently mis-run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { runProcess, type ProcessRun } from './run-process.js';

export interface CompositeStep {
  id?: string;
  name?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionContext {
  /** Values of `${{ inputs.x }}`; missing inputs take the action's defaults. */
  inputs: Record<string, string>;
  /** `${{ github.x }}` (e.g. token, event.pull_request.base.sha). */
  github: Record<string, unknown>;
  /** Outputs of the steps run so far, by step id. */
  steps: Record<string, { outputs: Record<string, string> }>;
}

export interface StepRun extends ProcessRun {
  outputs: Record<string, string>;
  /** What the step appended to $GITHUB_STEP_SUMMARY. */
  summary: string;
}

function lookup(context: ActionContext, path: string): string {
  let value: unknown = context;
  for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value === undefined || value === null ? '' : String(value);
}

/** Resolves every `${{ a.b || c.d }}` in `text`. */
export function resolveExpressions(text: string, context: ActionContext): string {
  return text.replace(/\$\{\{\s*([\s\S]*?)\s*\}\}/g, (_, expression: string) => {
    const paths = expression.split('||').map((p) => p.trim());
    for (const path of paths) {
      if (!/^[A-Za-z_][\w-]*(\.[\w-]+)+$/.test(path)) throw new Error(`composite-runner cannot evaluate "${expression}"`);
    }
    return paths.map((p) => lookup(context, p)).find((v) => v !== '') ?? '';
  });
}

/** Parses a GITHUB_OUTPUT file as the runner does. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const multi = /^([^=<]+)<<(.+)$/.exec(line);
    if (multi) {
      const end = lines.indexOf(multi[2] ?? '', i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing delimiter for ${multi[1]}`);
      outputs[multi[1] ?? ''] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

export interface RunStepOptions {
  /** The job's workspace (GITHUB_WORKSPACE): working directories are relative to it. */
  workspace: string;
  /** The action's directory (GITHUB_ACTION_PATH). */
  actionPath: string;
  /** Environment every step sees (PATH, GITHUB_* of the job, test knobs). */
  env: Record<string, string>;
}

/** Runs one `run` step and records its outputs in `context.steps[step.id]`. */
export async function runStep(step: CompositeStep, context: ActionContext, options: RunStepOptions): Promise<StepRun> {
  if (!step.run || step.shell !== 'bash') throw new Error(`composite-runner runs bash run-steps only (step ${step.name ?? step.id})`);
  const temp = await mkdtemp(join(tmpdir(), 'loadgate-step-'));
  try {
    const script = join(temp, 'step.sh');
    const outputFile = join(temp, 'output');
    const summaryFile = join(temp, 'summary');
    await Promise.all([writeFile(script, step.run), writeFile(outputFile, ''), writeFile(summaryFile, '')]);
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, resolveExpressions(String(v), context)]));
    const dir = resolveExpressions(step['working-directory'] ?? '.', context);
    const run = await runProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: isAbsolute(dir) ? dir : join(options.workspace, dir),
      env: {
        ...options.env,
        ...stepEnv,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_ACTION_PATH: options.actionPath,
        GITHUB_WORKSPACE: options.workspace,
        RUNNER_TEMP: temp,
      },
    });
    const outputs = parseOutputFile(await readFile(outputFile, 'utf8'));
    if (step.id) context.steps[step.id] = { outputs };
    return { ...run, outputs, summary: await readFile(summaryFile, 'utf8') };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
