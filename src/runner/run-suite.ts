import { join } from 'node:path';
import { bundleScenario, typecheckScenarios } from '../bundle/index.js';
import type { ProfileConfig, ResolvedConfig } from '../config/index.js';
import { ScriptError, UsageError } from '../core/errors.js';
import { RESULTS_SCHEMA, type Environment, type Repetition, type ResultsFile, type ScenarioResult } from '../core/results.js';
import { defaultGatingMetrics } from '../compare/index.js';
import { ENGINE_VERSION, runScript, type EngineRunResult } from '../engine/index.js';
import { DENSE_TREND_STATS, findK6Binary, runWithK6, type K6Binary } from './k6-binary/index.js';
import type { TargetOptions } from '../target/index.js';
import { captureEnvironment } from '../core/environment.js';
import { newRunId, writeResultsFile } from '../core/results-store.js';
import { scrapePrometheus, serverMetricsDelta } from './server-metrics.js';
import { openTargetSide, type TargetSide } from './target-side.js';

/** What the runner reports while it works (the CLI renders it). */
export type RunEvent =
  | { kind: 'suite-start'; scenarios: string[]; repetitions: number; warmupRepetitions: number; engine: string }
  | { kind: 'target-started'; url: string; seed: number }
  | { kind: 'warmup'; scenario: string; round: number; of: number }
  | { kind: 'repetition-start'; scenario: string; repetition: number; of: number }
  | { kind: 'repetition-progress'; scenario: string; repetition: number; elapsedMs: number; iterations: number; vus: number }
  | { kind: 'warning'; text: string }
  | { kind: 'repetition-end'; scenario: string; repetition: number; of: number; result: Repetition; side?: string };

export interface RunSuiteOptions {
  config: ResolvedConfig;
  /** Profile name (a key of config.profiles). */
  profile: string;
  /** Scenario names to run; all configured scenarios when empty. */
  scenarios?: string[];
  /** Repetitions per scenario; overrides the profile. */
  count?: number;
  /** `'embedded'` (start the reference target) or the URL of a running service; overrides config.target.url. */
  target?: string;
  /** Options for the reference target when it is started here (fault injection for tests). */
  targetOptions?: Omit<TargetOptions, 'port' | 'seed'>;
  /** `auto` uses k6 when it is on PATH (or K6_PATH), else the embedded engine. @default 'auto' */
  engine?: EngineChoice;
  /** Directory for the results file; overrides config.resultsDir. */
  outDir?: string;
  /** Aborting stops the current repetition gracefully and marks the run incomplete. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

export type EngineChoice = 'auto' | 'k6' | 'embedded';

export interface RunSuiteResult {
  results: ResultsFile;
  /** Path of the written results file. */
  file: string;
}

/** Everything decided before the first request: scenarios, bundles, counts, engine. */
export interface SuitePlan {
  options: RunSuiteOptions;
  profileName: string;
  profile: ProfileConfig;
  names: string[];
  bundles: Map<string, string>;
  count: number;
  k6: K6Binary | null;
  environment: Environment;
}

/** Validates the selection, bundles every scenario and picks the engine. */
export async function planSuite(options: RunSuiteOptions): Promise<SuitePlan> {
  const { config } = options;
  const profile = config.profiles[options.profile];
  if (!profile) {
    throw new UsageError(`unknown profile "${options.profile}"; valid profiles: ${Object.keys(config.profiles).join(', ')}`);
  }
  const names = selectScenarios(config, options.scenarios ?? []);
  const count = options.count ?? profile.repetitions;
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--count must be a whole number >= 1, got ${count}`);
  const bundles = new Map<string, string>();
  for (const name of names) {
    const bundle = await bundleScenario({ entry: config.scenarios[name]!.file, root: config.root });
    bundles.set(name, bundle.bundlePath);
  }
  // After bundling, so syntax errors get esbuild's shorter messages first.
  typecheckScenarios(names.map((name) => config.scenarios[name]!.file), config.root);
  const k6 = await chooseK6(options.engine ?? 'auto');
  const environment = await captureEnvironment(config.root);
  return { options, profileName: options.profile, profile, names, bundles, count, k6, environment };
}

/**
 * Runs every selected scenario `count` times, alternating scenarios between
 * repetitions (rep 1 of each, then rep 2 of each…) so slow machine drift spreads
 * over all of them, and writes one results file. An aborted run is still written,
 * marked incomplete, so it can be inspected but never becomes a baseline.
 */
export async function runSuite(options: RunSuiteOptions): Promise<RunSuiteResult> {
  const plan = await planSuite(options);
  const side = await openTargetSide(options.target ?? options.config.target.url ?? 'embedded', {
    seed: plan.profile.targetSeed,
    targetOptions: options.targetOptions,
    metricsUrl: options.config.target.metricsUrl,
    onStarted: (url) => options.onEvent?.({ kind: 'target-started', url, seed: plan.profile.targetSeed }),
  });
  const [results] = await measureSides(plan, [side]);
  const file = await writeResultsFile(options.outDir ?? options.config.resultsDir, results!);
  return { results: results!, file };
}

/**
 * Measures the plan on one or more sides, interleaved: for each repetition, each
 * scenario runs on side A, then side B…, so drift of the machine hits every side
 * equally (STATISTICS.md, "Interleaving"). Stops every side it was given.
 * Returns one results file per side, in the order of `sides`.
 */
export async function measureSides(plan: SuitePlan, sides: TargetSide[], labels: string[] = []): Promise<ResultsFile[]> {
  const { options } = plan;
  const perSide = sides.map(() => newScenarioResults(plan));
  const envFor = (name: string, side: TargetSide): Record<string, string> => ({
    ...plan.profile.env['*'],
    ...options.config.scenarios[name]!.env,
    ...plan.profile.env[name],
    BASE_URL: side.url,
    PROFILE: plan.profileName,
  });
  options.onEvent?.({
    kind: 'suite-start',
    scenarios: plan.names,
    repetitions: plan.count * sides.length,
    warmupRepetitions: plan.profile.warmupRepetitions,
    engine: plan.k6 ? plan.k6.versionLine : ENGINE_VERSION,
  });
  let complete = true;
  try {
    // Warm-up rounds are run exactly like measured ones and thrown away.
    for (let round = 0; round < plan.profile.warmupRepetitions && !options.signal?.aborted; round++) {
      for (const name of plan.names) {
        for (const side of sides) {
          options.onEvent?.({ kind: 'warmup', scenario: name, round, of: plan.profile.warmupRepetitions });
          await runRepetition(plan, name, side, envFor(name, side), -1);
        }
      }
    }
    outer: for (let rep = 0; rep < plan.count; rep++) {
      for (const [i, name] of plan.names.entries()) {
        for (const [s, side] of sides.entries()) {
          if (options.signal?.aborted) {
            complete = false;
            break outer;
          }
          options.onEvent?.({ kind: 'repetition-start', scenario: name, repetition: rep, of: plan.count });
          const repetition = await runRepetition(plan, name, side, envFor(name, side), rep);
          perSide[s]![i]!.repetitions.push(repetition);
          options.onEvent?.({ kind: 'repetition-end', scenario: name, repetition: rep, of: plan.count, result: repetition, side: labels[s] });
          if (options.signal?.aborted) complete = false;
        }
      }
    }
  } finally {
    await Promise.all(sides.map((side) => side.stop()));
  }
  return sides.map((side, s) => ({
    schema: RESULTS_SCHEMA,
    runId: newRunId(plan.profileName),
    createdAt: new Date().toISOString(),
    profile: plan.profileName,
    complete,
    engine: plan.k6 ? { name: 'k6', version: plan.k6.versionLine } : { name: 'embedded', version: ENGINE_VERSION },
    environment: plan.environment,
    target: side.describe,
    scenarios: perSide[s]!,
  }));
}

function newScenarioResults(plan: SuitePlan): ScenarioResult[] {
  const { config } = plan.options;
  return plan.names.map((name) => {
    const sc = config.scenarios[name]!;
    return {
      name,
      file: sc.file.startsWith(config.root) ? sc.file.slice(config.root.length + 1) : sc.file,
      thresholds: sc.thresholds,
      gating: sc.gating.length > 0 ? sc.gating : defaultGatingMetrics(),
      repetitions: [],
    };
  });
}

async function runRepetition(
  plan: SuitePlan,
  scenario: string,
  side: TargetSide,
  env: Record<string, string>,
  index: number,
): Promise<Repetition> {
  const { options, k6 } = plan;
  const scriptPath = plan.bundles.get(scenario)!;
  const before = side.metricsUrl ? await scrapePrometheus(side.metricsUrl) : null;
  if (side.metricsUrl && before === null && !sidesWarnedAboutMetrics.has(side)) {
    // Said once per side: the run goes on, but without the server-side view the user asked for.
    sidesWarnedAboutMetrics.add(side);
    options.onEvent?.({ kind: 'warning', text: `metrics endpoint ${side.metricsUrl} did not answer with Prometheus text; no server_* metrics from it` });
  }
  const startedAt = new Date();
  const t0 = performance.now();
  const onProgress = (p: { elapsedMs: number; iterations: number; vus: number }): void =>
    options.onEvent?.({ kind: 'repetition-progress', scenario, repetition: index, elapsedMs: p.elapsedMs, iterations: p.iterations, vus: p.vus });
  // Both engines report the same dense trend stats, so runs compare across engines.
  const common = { scriptPath, env, signal: options.signal, console: silentConsole, onProgress, summaryTrendStats: DENSE_TREND_STATS };
  const run: EngineRunResult = k6
    ? await runWithK6({ ...common, k6Path: k6.path, workDir: join(options.config.root, '.loadgate', 'k6') })
    : await runScript(common);
  if (run.exitCode === 107 || run.exitCode === 104) {
    // The scenario itself is broken: every further repetition would fail the same way.
    throw new ScriptError(`scenario ${scenario} cannot run (k6 exit ${run.exitCode}): ${run.errors.slice(0, 3).join('; ')}`);
  }
  const durationMs = performance.now() - t0;
  const after = before && side.metricsUrl ? await scrapePrometheus(side.metricsUrl) : null;
  if (before && after) Object.assign(run.summary.metrics, serverMetricsDelta(before, after, durationMs));
  return {
    index,
    startedAt: startedAt.toISOString(),
    durationMs,
    exitCode: run.exitCode,
    errors: run.errors,
    summary: run.summary,
    histograms: run.histograms,
    timeSeries: run.timeSeries,
  };
}

async function chooseK6(choice: EngineChoice): Promise<K6Binary | null> {
  if (choice === 'embedded') return null;
  const k6 = await findK6Binary();
  if (choice === 'k6' && !k6) throw new UsageError('--engine k6: no k6 binary on PATH; install k6 or set K6_PATH, or use --engine embedded');
  return k6;
}

const sidesWarnedAboutMetrics = new WeakSet<TargetSide>();

const silentConsole = { log: () => {}, warn: () => {}, error: () => {} };

function selectScenarios(config: ResolvedConfig, requested: string[]): string[] {
  const all = Object.keys(config.scenarios);
  if (requested.length === 0) return all;
  for (const name of requested) {
    if (!config.scenarios[name]) throw new UsageError(`unknown scenario "${name}"; valid scenarios: ${all.join(', ')}`);
  }
  return requested;
}
