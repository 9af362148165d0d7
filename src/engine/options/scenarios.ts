/**
 * Script options → the scenarios to run, k6's way: `options.scenarios` as given,
 * else the `vus`/`duration`/`iterations`/`stages` shortcuts; CLI-style overrides
 * replace the script's scenarios (like `k6 run --vus 5 --duration 10s`).
 */
import { formatGoDuration, parseDurationMs, parseSignedDurationMs } from './duration.js';
import type { K6Compat } from '../k6-compat.js';
import { InvalidOptionsError, K6WordedOptionsError, ScriptLoadOptionsError } from '../invalid-options-error.js';
import type { ScenarioSegment } from '../segments/execution-tuple.js';

export const EXECUTORS = ['constant-vus', 'per-vu-iterations', 'shared-iterations', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate'] as const;
export type ExecutorName = (typeof EXECUTORS)[number];

export interface Stage {
  durationMs: number;
  target: number;
}

export interface ScenarioConfig {
  name: string;
  executor: ExecutorName;
  /** Exported function run per iteration. @default 'default' */
  exec: string;
  /** The scenario set `exec`, even to 'default': k6's execution plan names it then. */
  execGiven: boolean;
  startTimeMs: number;
  /** @default 30000 */
  gracefulStopMs: number;
  env: Record<string, string>;
  tags: Record<string, string>;
  vus: number;
  durationMs: number;
  iterations: number;
  /** per-vu/shared-iterations. @default 600000 (10m) */
  maxDurationMs: number;
  startVUs: number;
  stages: Stage[];
  /** @default 30000 */
  gracefulRampDownMs: number;
  rate: number;
  startRate: number;
  /** @default 1000 */
  timeUnitMs: number;
  preAllocatedVUs: number;
  maxVUs: number;
  /**
   * Set when the run has an execution segment: counts above are then this instance's
   * share, except ramping-vus startVUs/stages and arrival rates (whole-test numbers
   * the executor cuts as it runs). See options/segment-scenarios.ts.
   */
  segment?: ScenarioSegment;
}

const COMMON_KEYS = ['executor', 'startTime', 'gracefulStop', 'env', 'exec', 'tags', 'options'];
const EXECUTOR_KEYS: Record<ExecutorName, string[]> = {
  'constant-vus': ['vus', 'duration'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
  'ramping-vus': ['startVUs', 'stages', 'gracefulRampDown'],
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
  'ramping-arrival-rate': ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs'],
};

export interface Overrides {
  vus?: number;
  duration?: string;
  iterations?: number;
  /** k6's -s/--stage flags: `{ duration: '1s', target: 2 }` (no target: k6's "doesn't have a target"). */
  stages?: Array<{ duration: string; target?: number }>;
}

/** k6's shortest scenario duration (lib/executor: minDuration). */
const MIN_DURATION_MS = 1000;

/**
 * k6's configuration check, every problem at once: the scenarios' value errors
 * ("scenario x has configuration errors: a, b") and exec functions missing from the exports
 * ("executor x: function 'f' not found in exports"), word for word, exit 104. Values of the
 * wrong type or unknown keys are refused one at a time, as k6 refuses them while parsing.
 */
export class ConfigurationProblemsError extends InvalidOptionsError {
  constructor(readonly problems: string[]) {
    super('scenarios', problems.join('; '));
    this.name = 'ConfigurationProblemsError';
    this.message = `There were problems with the specified script configuration:${problems.map((p) => `\n\t- ${p}`).join('')}`;
  }
}

export interface ResolveScenarioOptions {
  /** The generation whose wording to use where k6 v2 and v0.49 differ. @default 'v2' */
  compat?: K6Compat;
  /** The script's exports: when given, each scenario's exec function must be one of them. */
  exportNames?: string[];
}

/** Builds the scenario list; throws InvalidOptionsError naming the key, or ConfigurationProblemsError listing k6's problems. */
export function resolveScenarios(options: Record<string, unknown>, overrides: Overrides = {}, how: ResolveScenarioOptions = {}): ScenarioConfig[] {
  const compat = how.compat ?? 'v2';
  checkShortcutConflicts(hasExecutionOverride(overrides) ? overrides : options, compat);
  const parsed = parseAll(options, overrides);
  const problems: string[] = [];
  for (const { cfg, given } of parsed) {
    const errors = scenarioErrors(cfg, given, compat);
    if (errors.length) problems.push(`scenario ${cfg.name} has configuration errors: ${errors.join(', ')}`);
  }
  if (how.exportNames) {
    for (const { cfg } of parsed) {
      if (cfg.exec !== '' && !how.exportNames.includes(cfg.exec)) problems.push(`executor ${cfg.name}: function '${cfg.exec}' not found in exports`);
    }
  }
  if (problems.length) throw new ConfigurationProblemsError(problems);
  return parsed.map((p) => p.cfg);
}

interface Parsed {
  cfg: ScenarioConfig;
  /** The keys the script gave (k6 tells "isn't specified" from a value that is out of range). */
  given: Set<string>;
}

function hasExecutionOverride(o: Overrides): boolean {
  return o.duration !== undefined || o.iterations !== undefined || o.stages !== undefined;
}

/**
 * k6 refuses `stages` beside `iterations` or `duration` (whichever the CLI's flags or else the
 * script gave), before it looks at scenarios, in each generation's words (exit 104).
 */
function checkShortcutConflicts(o: { duration?: unknown; iterations?: unknown; stages?: unknown }, compat: K6Compat): void {
  if (!Array.isArray(o.stages) || o.stages.length === 0) return;
  const other = o.iterations !== undefined && o.iterations !== null ? 'iterations' : o.duration !== undefined && o.duration !== null ? 'duration' : undefined;
  if (other === undefined) return;
  throw new K6WordedOptionsError(
    'stages',
    compat === 'v0.49' ? `using multiple execution config shortcuts (\`${other}\` and \`stages\`) simultaneously is not allowed` : `using \`${other}\` and \`stages\` options simultaneously is not allowed`,
  );
}

function parseAll(options: Record<string, unknown>, overrides: Overrides): Parsed[] {
  const hasOverride = overrides.vus !== undefined || hasExecutionOverride(overrides);
  if (hasOverride) {
    return [shortcutScenario({ vus: overrides.vus ?? options.vus, duration: overrides.duration, iterations: overrides.iterations, stages: overrides.stages }, 'duration (the --duration flag)')];
  }
  const scenarios = options.scenarios;
  if (scenarios !== undefined) {
    if (!scenarios || typeof scenarios !== 'object' || Array.isArray(scenarios)) {
      throw new InvalidOptionsError('scenarios', 'must be an object of scenario name → scenario config');
    }
    const list = Object.entries(scenarios as Record<string, unknown>).map(([name, raw]) => parseScenario(name, raw));
    if (list.length === 0) throw new InvalidOptionsError('scenarios', 'defines no scenario');
    return list;
  }
  return [shortcutScenario(options, 'duration')];
}

/** `durationKey` names the duration in errors (InvalidOptionsError adds the `options.` prefix). */
function shortcutScenario(o: { vus?: unknown; duration?: unknown; iterations?: unknown; stages?: unknown }, durationKey: string): Parsed {
  if (o.stages !== undefined && o.duration === undefined && o.iterations === undefined) {
    return parseScenario('default', { executor: 'ramping-vus', startVUs: o.vus ?? 1, stages: o.stages });
  }
  if (o.iterations !== undefined) {
    const raw: Record<string, unknown> = { executor: 'shared-iterations', vus: o.vus ?? 1, iterations: o.iterations };
    if (o.duration !== undefined) raw.maxDuration = o.duration;
    return parseScenario('default', raw);
  }
  if (o.duration !== undefined && parseDurationMs(o.duration, durationKey) > 0) {
    return parseScenario('default', { executor: 'constant-vus', vus: o.vus ?? 1, duration: o.duration });
  }
  // k6 v1+ (execution_config_shortcuts.go): `vus` alone is that many iterations shared among
  // that many VUs. (k6 v0.49 warned that `vus` was ignored and ran 1 iteration on 1 VU.)
  if (o.vus !== undefined) return parseScenario('default', { executor: 'shared-iterations', vus: o.vus, iterations: o.vus });
  // Nothing given: k6's default scenario, one iteration of one VU, as per-vu-iterations.
  return parseScenario('default', { executor: 'per-vu-iterations', vus: 1, iterations: 1 });
}

/** k6 refuses an executor it does not have as it decodes the options (a script's or its config file's). */
export function checkExecutor(scenarioKey: string, executor: unknown): void {
  if (!(EXECUTORS as readonly unknown[]).includes(executor)) {
    throw new ScriptLoadOptionsError(`${scenarioKey}.executor`, `unknown executor ${JSON.stringify(executor)}; use one of ${EXECUTORS.join(', ')}`, `unknown executor type '${String(executor)}'`);
  }
}

function parseScenario(name: string, raw: unknown): Parsed {
  const key = `scenarios.${name}`;
  if (!raw || typeof raw !== 'object') throw new InvalidOptionsError(key, 'must be an object');
  const r = raw as Record<string, unknown>;
  const executor = r.executor as ExecutorName;
  checkExecutor(key, r.executor);
  const allowed = new Set([...COMMON_KEYS, ...EXECUTOR_KEYS[executor]]);
  const unknown = Object.keys(r).filter((k) => !allowed.has(k));
  if (unknown.length) {
    // Go's decoder stops at the first unknown field it meets.
    throw new ScriptLoadOptionsError(key, `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} for executor ${executor}; valid keys: ${[...allowed].join(', ')}`, `json: unknown field ${JSON.stringify(unknown[0])}`);
  }
  // Out-of-range values are k6 configuration errors (scenarioErrors), not parse errors.
  const num = (k: string, def: number): number => {
    const v = r[k];
    if (v === undefined || v === null) return def;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidOptionsError(`${key}.${k}`, `must be a number, got ${JSON.stringify(v)}`);
    return v;
  };
  const dur = (k: string, def: number): number => (r[k] === undefined || r[k] === null ? def : parseSignedDurationMs(r[k], `${key}.${k}`));
  if (r.exec !== undefined && r.exec !== null && typeof r.exec !== 'string') throw new InvalidOptionsError(`${key}.exec`, `must be the name of an exported function, got ${JSON.stringify(r.exec)}`);
  const cfg: ScenarioConfig = {
    name,
    executor,
    exec: typeof r.exec === 'string' ? r.exec : 'default',
    execGiven: typeof r.exec === 'string',
    startTimeMs: dur('startTime', 0),
    gracefulStopMs: dur('gracefulStop', 30_000),
    env: stringRecord(r.env, `${key}.env`),
    tags: stringRecord(r.tags, `${key}.tags`),
    vus: num('vus', 1),
    durationMs: dur('duration', 0),
    iterations: num('iterations', 1),
    maxDurationMs: dur('maxDuration', 600_000),
    startVUs: num('startVUs', 1),
    stages: parseStages(r.stages, `${key}.stages`),
    gracefulRampDownMs: dur('gracefulRampDown', 30_000),
    rate: num('rate', 0),
    startRate: num('startRate', 0),
    timeUnitMs: dur('timeUnit', 1000),
    preAllocatedVUs: num('preAllocatedVUs', 0),
    maxVUs: 0,
  };
  cfg.maxVUs = r.maxVUs === undefined || r.maxVUs === null ? cfg.preAllocatedVUs : num('maxVUs', 0);
  const given = new Set(Object.keys(r).filter((k) => r[k] !== undefined && r[k] !== null));
  return { cfg, given };
}

const SCENARIO_NAME = /^[0-9a-zA-Z_-]+$/;

/**
 * A scenario's configuration errors in k6's words and order (lib/executor/*.go Validate):
 * checked against k6 v2.2.0 and v0.49.0 by test/conformance/scripts/invalid-*.js.
 */
function scenarioErrors(cfg: ScenarioConfig, given: Set<string>, compat: K6Compat): string[] {
  const errors: string[] = [];
  const add = (ok: boolean, text: string): void => {
    if (!ok) errors.push(text);
  };
  add(SCENARIO_NAME.test(cfg.name), `the ${compat === 'v0.49' ? 'executor' : 'scenario'} name should contain only numbers, latin letters, underscores, and dashes`);
  add(cfg.exec !== '', 'exec value cannot be empty');
  add(cfg.startTimeMs >= 0, "the startTime can't be negative");
  add(cfg.gracefulStopMs >= 0, "the gracefulStop timeout can't be negative");
  const minDuration = (what: string, ms: number): void => add(ms >= MIN_DURATION_MS, `the ${what} must be at least ${formatGoDuration(MIN_DURATION_MS)}, but is ${formatGoDuration(ms)}`);
  const arrivalVUs = (): void => {
    if (!given.has('preAllocatedVUs')) errors.push("the number of preAllocatedVUs isn't specified");
    else add(cfg.preAllocatedVUs >= 0, "the number of preAllocatedVUs can't be negative");
    if (given.has('maxVUs')) add(cfg.maxVUs >= cfg.preAllocatedVUs, "maxVUs can't be less than preAllocatedVUs");
  };
  switch (cfg.executor) {
    case 'constant-vus':
      add(cfg.vus > 0, 'the number of VUs must be more than 0');
      if (!given.has('duration')) errors.push('the duration is unspecified');
      else minDuration('duration', cfg.durationMs);
      break;
    case 'per-vu-iterations':
      add(cfg.vus > 0, 'the number of VUs must be more than 0');
      add(cfg.iterations > 0, 'the number of iterations must be more than 0');
      minDuration('maxDuration', cfg.maxDurationMs);
      break;
    case 'shared-iterations':
      add(cfg.vus > 0, 'the number of VUs must be more than 0');
      add(cfg.iterations >= cfg.vus, `the number of iterations (${cfg.iterations}) can't be less than the number of VUs (${cfg.vus})`);
      minDuration('maxDuration', cfg.maxDurationMs);
      break;
    case 'ramping-vus':
      add(cfg.startVUs >= 0, "the number of start VUs can't be negative");
      add(Math.max(cfg.startVUs, ...cfg.stages.map((s) => s.target ?? 0)) > 0, "either startVUs or one of the stages' target values must be greater than 0");
      errors.push(...stageErrors(cfg.stages));
      break;
    case 'constant-arrival-rate':
      if (!given.has('rate')) errors.push("the iteration rate isn't specified");
      else add(cfg.rate > 0, 'the iteration rate must be more than 0');
      add(cfg.timeUnitMs > 0, 'the timeUnit must be more than 0');
      if (!given.has('duration')) errors.push('the duration is unspecified');
      else minDuration('duration', cfg.durationMs);
      arrivalVUs();
      break;
    case 'ramping-arrival-rate':
      add(cfg.startRate >= 0, "the startRate value can't be negative");
      // k6 v0.49 let a zero timeUnit through here (only a negative one was refused); the engine
      // refuses it under either generation, as it would divide by it.
      add(cfg.timeUnitMs > 0, 'the timeUnit must be more than 0');
      errors.push(...stageErrors(cfg.stages));
      arrivalVUs();
      break;
  }
  return errors;
}

function stageErrors(stages: Stage[]): string[] {
  if (stages.length === 0) return ['at least one stage has to be specified'];
  const errors: string[] = [];
  stages.forEach((s, i) => {
    if (s.durationMs === undefined) errors.push(`stage ${i + 1} doesn't have a duration`);
    else if (s.durationMs < 0) errors.push(`the duration for stage ${i + 1} can't be negative`);
    if (s.target === undefined) errors.push(`stage ${i + 1} doesn't have a target`);
    else if (s.target < 0) errors.push(`the target for stage ${i + 1} can't be negative`);
  });
  return errors;
}

function parseStages(raw: unknown, key: string): Stage[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new InvalidOptionsError(key, 'must be an array of { duration, target }');
  return raw.map((s, i) => {
    if (!s || typeof s !== 'object') throw new InvalidOptionsError(`${key}[${i}]`, 'must be an object { duration, target }');
    const st = s as { duration?: unknown; target?: unknown };
    if (st.target !== undefined && st.target !== null && (typeof st.target !== 'number' || !Number.isFinite(st.target))) {
      throw new InvalidOptionsError(`${key}[${i}].target`, `must be a number, got ${JSON.stringify(st.target)}`);
    }
    // A missing duration or target is k6's "stage n doesn't have a …" (stageErrors); the
    // run never sees one, since that is a configuration error.
    return {
      durationMs: st.duration === undefined || st.duration === null ? (undefined as unknown as number) : parseSignedDurationMs(st.duration, `${key}[${i}].duration`),
      target: st.target === undefined || st.target === null ? (undefined as unknown as number) : st.target,
    };
  });
}

function stringRecord(raw: unknown, key: string): Record<string, string> {
  if (raw === undefined) return {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidOptionsError(key, 'must be an object of string values');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = String(v);
  return out;
}

/** The VUs a scenario can use at most (k6 sums these across scenarios for vus_max). */
export function scenarioMaxVUs(s: ScenarioConfig): number {
  switch (s.executor) {
    case 'constant-vus':
    case 'per-vu-iterations':
    case 'shared-iterations':
      return s.vus;
    case 'ramping-vus': {
      const max = Math.max(s.startVUs, ...s.stages.map((st) => st.target));
      return s.segment ? s.segment.tuple.scale(max) : max;
    }
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return s.maxVUs;
  }
}

/** When the last scenario is over, from the test's start (k6's "max duration (incl. graceful stop)"). */
export function testMaxDurationMs(scenarios: readonly ScenarioConfig[]): number {
  return Math.max(0, ...scenarios.map((s) => s.startTimeMs + scenarioEndMs(s)));
}

/** The scenarios in the order k6 lists them (plan and progress bars): by start time, then name. */
export function inPlanOrder<T extends Pick<ScenarioConfig, 'startTimeMs' | 'name'>>(scenarios: readonly T[]): T[] {
  return [...scenarios].sort((a, b) => a.startTimeMs - b.startTimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** When a scenario is over, from its start, gracefulStop included (k6's execution requirements). */
export function scenarioEndMs(s: ScenarioConfig): number {
  return regularDurationMs(s) + s.gracefulStopMs;
}

/** How long a scenario starts iterations: its duration, its stages, or its maxDuration. */
export function regularDurationMs(s: ScenarioConfig): number {
  switch (s.executor) {
    case 'constant-vus':
    case 'constant-arrival-rate':
      return s.durationMs;
    case 'ramping-vus':
    case 'ramping-arrival-rate':
      return s.stages.reduce((n, st) => n + st.durationMs, 0);
    case 'per-vu-iterations':
    case 'shared-iterations':
      return s.maxDurationMs;
  }
}

/** VUs a scenario initializes before the test starts (arrival-rate: preAllocatedVUs). */
export function scenarioInitialVUs(s: ScenarioConfig): number {
  return s.executor.endsWith('arrival-rate') ? s.preAllocatedVUs : scenarioMaxVUs(s);
}
