/**
 * Script options → the scenarios to run, k6's way: `options.scenarios` as given,
 * else the `vus`/`duration`/`iterations`/`stages` shortcuts; CLI-style overrides
 * replace the script's scenarios (like `k6 run --vus 5 --duration 10s`).
 */
import { parseDurationMs } from './duration.js';
import { InvalidOptionsError } from './invalid-options-error.js';
import type { ScenarioSegment } from '../segments/segment-scenarios.js';

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
   * the executor cuts as it runs). See segments/segment-scenarios.ts.
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
}

/** Builds the scenario list; throws InvalidOptionsError naming the key. */
export function resolveScenarios(options: Record<string, unknown>, overrides: Overrides = {}): ScenarioConfig[] {
  const hasOverride = overrides.vus !== undefined || overrides.duration !== undefined || overrides.iterations !== undefined;
  if (hasOverride) {
    return [shortcutScenario({ vus: overrides.vus ?? options.vus, duration: overrides.duration, iterations: overrides.iterations }, 'duration (the --duration flag)')];
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
function shortcutScenario(o: { vus?: unknown; duration?: unknown; iterations?: unknown; stages?: unknown }, durationKey: string): ScenarioConfig {
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
  return parseScenario('default', { executor: 'shared-iterations', vus: 1, iterations: 1 });
}

function parseScenario(name: string, raw: unknown): ScenarioConfig {
  const key = `scenarios.${name}`;
  if (!raw || typeof raw !== 'object') throw new InvalidOptionsError(key, 'must be an object');
  const r = raw as Record<string, unknown>;
  const executor = r.executor as ExecutorName;
  if (!EXECUTORS.includes(executor)) {
    throw new InvalidOptionsError(`${key}.executor`, `unknown executor ${JSON.stringify(r.executor)}; use one of ${EXECUTORS.join(', ')}`);
  }
  const allowed = new Set([...COMMON_KEYS, ...EXECUTOR_KEYS[executor]]);
  const unknown = Object.keys(r).filter((k) => !allowed.has(k));
  if (unknown.length) throw new InvalidOptionsError(key, `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} for executor ${executor}; valid keys: ${[...allowed].join(', ')}`);
  const num = (k: string, def: number, min = 0): number => {
    const v = r[k];
    if (v === undefined) return def;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new InvalidOptionsError(`${key}.${k}`, `must be a number >= ${min}, got ${JSON.stringify(v)}`);
    return v;
  };
  const dur = (k: string, def: number): number => (r[k] === undefined ? def : parseDurationMs(r[k], `${key}.${k}`));
  const cfg: ScenarioConfig = {
    name,
    executor,
    exec: typeof r.exec === 'string' ? r.exec : 'default',
    startTimeMs: dur('startTime', 0),
    gracefulStopMs: dur('gracefulStop', 30_000),
    env: stringRecord(r.env, `${key}.env`),
    tags: stringRecord(r.tags, `${key}.tags`),
    vus: num('vus', 1, executor === 'constant-vus' ? 0 : 1),
    durationMs: dur('duration', 0),
    iterations: num('iterations', 1, 1),
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
  cfg.maxVUs = Math.max(num('maxVUs', cfg.preAllocatedVUs), cfg.preAllocatedVUs);
  validateExecutorNeeds(cfg, key, r);
  return cfg;
}

function validateExecutorNeeds(cfg: ScenarioConfig, key: string, r: Record<string, unknown>): void {
  const need = (k: string, ok: boolean, what: string): void => {
    if (!ok) throw new InvalidOptionsError(`${key}.${k}`, what);
  };
  switch (cfg.executor) {
    case 'constant-vus':
      need('duration', cfg.durationMs > 0, 'constant-vus needs a duration > 0, like "30s"');
      break;
    case 'ramping-vus':
    case 'ramping-arrival-rate':
      need('stages', cfg.stages.length > 0, `${cfg.executor} needs at least one stage { duration, target }`);
      break;
    case 'constant-arrival-rate':
      need('duration', cfg.durationMs > 0, 'constant-arrival-rate needs a duration > 0');
      need('rate', r.rate !== undefined && cfg.rate > 0, 'constant-arrival-rate needs a rate > 0 (iterations per timeUnit)');
      break;
  }
  if (cfg.executor.endsWith('arrival-rate')) {
    need('preAllocatedVUs', r.preAllocatedVUs !== undefined && cfg.preAllocatedVUs >= 1, `${cfg.executor} needs preAllocatedVUs >= 1`);
  }
}

function parseStages(raw: unknown, key: string): Stage[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new InvalidOptionsError(key, 'must be an array of { duration, target }');
  return raw.map((s, i) => {
    const st = s as { duration?: unknown; target?: unknown };
    if (typeof st?.target !== 'number' || st.target < 0) throw new InvalidOptionsError(`${key}[${i}].target`, 'must be a number >= 0');
    return { durationMs: parseDurationMs(st.duration, `${key}[${i}].duration`), target: st.target };
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

/** VUs a scenario initializes before the test starts (arrival-rate: preAllocatedVUs). */
export function scenarioInitialVUs(s: ScenarioConfig): number {
  return s.executor.endsWith('arrival-rate') ? s.preAllocatedVUs : scenarioMaxVUs(s);
}
