import type { ComparisonSettings } from '../compare/model.js';
import type { GatingMetric, TargetThreshold } from '../results/results.js';

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

/**
 * How `loadgate gate --base-ref` builds and starts the two sides. Both sides run the same
 * `command`: the head in the project directory, the base in a cached git worktree of the base
 * commit, after its `build`.
 */
export interface BaseConfig {
  /** Git ref to compare with side by side when `--base-ref` is not given; null: compare with the stored baseline. */
  ref: string | null;
  /**
   * Shell command that builds a checkout, run in the base checkout's project directory once per
   * commit (cached). null: no build step. @default `npm ci` when the project has a package-lock.json
   */
  build: string | null | undefined;
  /**
   * Shell command that starts the service from a checkout and listens on 127.0.0.1:$PORT
   * (also given: $LOADGATE_SIDE `base`|`head`, $LOADGATE_SEED). Required for your own service;
   * in loadgate's own repository it defaults to the reference target.
   */
  command: string | null;
  /** How long a side may take to listen after its command starts, ms. @default 60000 */
  startTimeoutMs: number;
  /** Base builds kept in the cache (each is a full checkout and install). @default 3 */
  keepBuilds: number;
}

/** What a user writes in loadgate.config.ts; every key optional. */
export interface UserConfig {
  target?: {
    /** URL of the service under test; unset → the reference target is started for you. */
    url?: string;
    /** Prometheus endpoint of the service, scraped around each repetition. */
    metricsUrl?: string;
  };
  /** The side-by-side gate's base build (`loadgate gate --base-ref`). */
  base?: Partial<BaseConfig>;
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
  base: BaseConfig;
  profiles: Record<string, ProfileConfig>;
  scenarios: Record<string, ScenarioConfig>;
  compare: ComparisonSettings;
  resultsDir: string;
  baselinesDir: string;
  reportsDir: string;
  historyDir: string;
}
