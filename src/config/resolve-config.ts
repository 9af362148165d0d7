import { isAbsolute, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../core/package-root.js';
import type { GatingMetric } from '../results/results.js';
import { DEFAULT_COMPARISON_SETTINGS } from '../compare/compare-runs.js';
import { DEFAULT_PROFILES, DEFAULT_SCENARIOS } from './defaults.js';
import type { ProfileConfig, ResolvedConfig, ScenarioConfig, UserConfig } from './types.js';

/**
 * Applies defaults to a validated user config. Shipped scenarios resolve against
 * the loadgate package; user scenario files against the project root.
 */
export function resolveConfig(user: UserConfig, root: string, configFile: string | null): ResolvedConfig {
  const profiles: Record<string, ProfileConfig> = {};
  for (const name of new Set([...Object.keys(DEFAULT_PROFILES), ...Object.keys(user.profiles ?? {})])) {
    const base = DEFAULT_PROFILES[name] ?? { repetitions: 8, warmupRepetitions: 1, targetSeed: 1000, env: {}, keepHistory: false };
    const over = user.profiles?.[name] ?? {};
    profiles[name] = {
      repetitions: over.repetitions ?? base.repetitions,
      warmupRepetitions: over.warmupRepetitions ?? base.warmupRepetitions,
      targetSeed: over.targetSeed ?? base.targetSeed,
      env: mergeEnvMaps(base.env, over.env ?? {}),
      keepHistory: over.keepHistory ?? base.keepHistory,
    };
  }
  const scenarios: Record<string, ScenarioConfig> = {};
  for (const [name, s] of Object.entries(DEFAULT_SCENARIOS)) {
    scenarios[name] = { ...s, file: resolve(PACKAGE_ROOT, s.file) };
  }
  for (const [name, s] of Object.entries(user.scenarios ?? {})) {
    const base = scenarios[name];
    const file = s.file ? (isAbsolute(s.file) ? s.file : resolve(root, s.file)) : base?.file;
    if (!file) throw new Error(`unreachable: validateUserConfig lets scenario ${name} through without file`);
    scenarios[name] = {
      file,
      thresholds: s.thresholds ?? base?.thresholds ?? [],
      gating: (s.gating ?? base?.gating ?? []).map(completeGating),
      env: { ...base?.env, ...s.env },
    };
  }
  return {
    root,
    configFile,
    target: { url: user.target?.url ?? null, metricsUrl: user.target?.metricsUrl ?? null },
    base: {
      ref: user.base?.ref ?? null,
      build: user.base?.build,
      command: user.base?.command ?? null,
      startTimeoutMs: user.base?.startTimeoutMs ?? 60_000,
      keepBuilds: user.base?.keepBuilds ?? 3,
    },
    profiles,
    scenarios,
    compare: { ...DEFAULT_COMPARISON_SETTINGS, ...user.compare },
    resultsDir: resolve(root, user.resultsDir ?? 'results'),
    baselinesDir: resolve(root, user.baselinesDir ?? 'baselines'),
    reportsDir: resolve(root, user.reportsDir ?? 'reports'),
    historyDir: resolve(root, user.historyDir ?? 'history'),
  };
}

function completeGating(g: Partial<GatingMetric> & Pick<GatingMetric, 'metric' | 'stat'>): GatingMetric {
  return {
    metric: g.metric,
    stat: g.stat,
    direction: g.direction ?? (/failed|duration|latency|time/.test(g.metric) ? 'lower' : 'higher'),
    ...(g.minEffectPct !== undefined && { minEffectPct: g.minEffectPct }),
    gate: g.gate ?? true,
    ...(g.effectFloor !== undefined && { effectFloor: g.effectFloor }),
    ...(g.expect !== undefined && { expect: { factor: g.expect.factor } }),
  };
}

function mergeEnvMaps(
  a: Record<string, Record<string, string>>,
  b: Record<string, Record<string, string>>,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) out[k] = { ...a[k], ...b[k] };
  return out;
}
