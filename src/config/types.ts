import type { ComparisonSettings } from '../compare/model.js';
import type { GatingMetric, TargetThreshold } from '../core/results.js';

/** One profile: how big and how often. Profiles scale the same scenarios. */
export interface ProfileConfig {
  /** Repetitions of each scenario (samples per metric for the comparison). */
  repetitions: number;
  /**
   * Unmeasured repetitions of each scenario before the measured ones: a fresh target
   * (JIT, caches, SQLite pages) is slower for its first seconds, and that drift would
   * otherwise land in repetition 1 of every run.
   */
  warmupRepetitions: number;
  /** Records the reference target is seeded with before the run. */
  targetSeed: number;
  /** `__ENV` knobs per scenario name; `'*'` applies to every scenario. */
  env: Record<string, Record<string, string>>;
}

/** One scenario of the suite. */
export interface ScenarioConfig {
  /** Scenario source (.ts or .js k6 script), relative to the project root. */
  file: string;
  /** Target thresholds (SLOs) judged pass / warn / fail on every run. */
  thresholds: TargetThreshold[];
  /** Metrics compared with the baseline; empty → the comparator's defaults. */
  gating: GatingMetric[];
  /** Extra `__ENV` for this scenario in every profile. */
  env: Record<string, string>;
}

/** What a user writes in loadgate.config.ts; every key optional. */
export interface UserConfig {
  target?: {
    /** URL of the service under test; unset → the reference target is started for you. */
    url?: string;
    /** Prometheus endpoint of the service, scraped around each repetition. */
    metricsUrl?: string;
  };
  profiles?: Record<string, Partial<ProfileConfig>>;
  scenarios?: Record<string, Partial<ScenarioConfig> & { gating?: Array<Partial<GatingMetric> & Pick<GatingMetric, 'metric' | 'stat'>> }>;
  compare?: Partial<ComparisonSettings>;
  /** @default 'results' */
  resultsDir?: string;
  /** @default 'baselines' */
  baselinesDir?: string;
  /** @default 'reports' */
  reportsDir?: string;
  /** Append-only run history of the weekly and release profiles. @default 'history' */
  historyDir?: string;
}

/** Config after defaults are applied: every key present. */
export interface ResolvedConfig {
  root: string;
  /** The config file read, or null when running on defaults. */
  configFile: string | null;
  target: { url: string | null; metricsUrl: string | null };
  profiles: Record<string, ProfileConfig>;
  scenarios: Record<string, ScenarioConfig>;
  compare: ComparisonSettings;
  resultsDir: string;
  baselinesDir: string;
  reportsDir: string;
  historyDir: string;
}
