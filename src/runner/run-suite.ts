import { selectProfile } from '../config/select-profile.js';
import { ensureWritableDirs, type OutputDir } from '../core/output-dir.js';
import { join } from 'node:path';
import { bundleScenario, typecheckScenarios } from '../bundle/index.js';
import type { ProfileConfig, ResolvedConfig } from '../config/index.js';
import { ScriptError, UsageError } from '../core/errors.js';
import { RESULTS_SCHEMA, type CanarySample, type Environment, type Repetition, type ResultsFile, type ScenarioResult } from '../results/results.js';
import { defaultGatingMetrics } from '../results/default-gating.js';
import { ENGINE_VERSION, runScript, type EngineRunOptions, type EngineRunResult } from '../engine/index.js';
import { CANARY_VERSION, openCanary, type Canary } from './canary.js';
import { DENSE_TREND_STATS, findK6Binary, runWithK6, type K6Binary } from './k6-binary/index.js';
import type { TargetOptions } from '../target/index.js';
import { captureEnvironment } from '../results/environment.js';
import { newRunId, writeResultsFile } from '../results/results-store.js';
import { startHostProbe } from './host-signals.js';
import { scrapePrometheus, scrapePrometheusOrWhy, serverMetricsDelta } from './server-metrics.js';
import { openTargetSide, type TargetSide } from './target-side.js';

/** What the runner reports while it works (the CLI renders it). */
export type RunEvent =
  | { kind: 'suite-start'; scenarios: string[]; repetitions: number; warmupRepetitions: number; engine: string; sides?: string[] }
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
  /** Other directories the caller writes after the run (reports, history): checked before any load with the results directory. */
  outputDirs?: OutputDir[];
  /** Aborting stops the current repetition gracefully and marks the run incomplete. */
  signal?: AbortSignal;
  /**
   * Measure the drift guard's canary after every round (runner/canary.ts), so this run can be
   * compared with stored numbers later. Side-by-side runs do not need it. @default true
   */
  canary?: boolean;
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
  const profile = selectProfile(config, options.profile);
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
  // Before any load: a directory that cannot be written would lose the whole measurement.
  await ensureWritableDirs([
    { dir: options.outDir ?? config.resultsDir, what: options.outDir ? 'results directory (--out)' : 'results directory (config resultsDir)' },
    ...(options.outputDirs ?? []),
  ]);
  const k6 = await chooseK6(options.engine ?? 'auto');
  const environment = await captureEnvironment(config.root);
  return { options, profileName: options.profile, profile, names, bundles, count, k6, environment };
}

/**
 * Runs every selected scenario `count` times, alternating scenarios between
 * repetitions (rep 1 of each, then rep 2 of each…) so slow machine drift spreads
 * over all of them, measures the drift guard's canary after each round, and writes one
 * results file. An aborted run is still written, marked incomplete, so it can be
 * inspected but never becomes a baseline.
 */
export async function runSuite(options: RunSuiteOptions): Promise<RunSuiteResult> {
  const plan = await planSuite(options);
  const side = await openSuiteSide(plan);
  let canary: Canary | null = null;
  try {
    if (options.canary !== false) canary = await openPlanCanary(plan);
    return await measureRound(plan, side, canary);
  } finally {
    await Promise.all([side.stop(), canary?.close()]);
  }
}

/** The service a one-sided run measures: the configured target, or the reference target started here. */
export function openSuiteSide(plan: SuitePlan): Promise<TargetSide> {
  const { options } = plan;
  return openTargetSide(options.target ?? options.config.target.url ?? 'embedded', {
    seed: plan.profile.targetSeed,
    targetOptions: options.targetOptions,
    metricsUrl: options.config.target.metricsUrl,
    onStarted: (url) => options.onEvent?.({ kind: 'target-started', url, seed: plan.profile.targetSeed }),
  });
}

/**
 * One round on one side, with the canary (when given) after every measured round, written as a
 * results file. `round` narrows a confirmation round to the scenarios it re-measures, and its
 * warm-up (none for a process that is warm already).
 */
export async function measureRound(plan: SuitePlan, side: TargetSide, canary: Canary | null, round: Pick<MeasureRound, 'scenarios' | 'warmupRounds'> = {}): Promise<RunSuiteResult> {
  const measured = await measureSides(plan, [side], { ...round, canary });
  const results = resultsFileOf(plan, side, measured.scenarios[0]!, measured.complete, canary ? { canary: { version: CANARY_VERSION, samples: measured.canary } } : {});
  const file = await writeResultsFile(plan.options.outDir ?? plan.options.config.resultsDir, results);
  return { results, file };
}

/** What one call of measureSides measures; everything defaults to the plan's. */
export interface MeasureRound {
  /** Scenario names, a subset of the plan's (a confirmation round re-measures only some). */
  scenarios?: string[];
  /** Measured repetitions per scenario and side. */
  count?: number;
  /** Unmeasured rounds first. @default the profile's warmupRepetitions */
  warmupRounds?: number;
  /** Side labels for progress events, e.g. `['base', 'head']`. */
  labels?: string[];
  /** Measure the drift guard's canary after every measured round (and once in the warm-up). */
  canary?: Canary | null;
}

/** Per side, its scenarios' repetitions; plus how the run went. */
export interface SidesMeasurement {
  /** `scenarios[side]`: one ScenarioResult per measured scenario, in plan order. */
  scenarios: ScenarioResult[][];
  /** False when the run was aborted before every repetition was measured. */
  complete: boolean;
  /** Two sides: the order each repetition index ran its pair in. */
  order: Array<'AB' | 'BA'>;
  /** Three sides: the order each repetition index ran the sides in (side indices, first to last). */
  sequences?: number[][];
  canary: CanarySample[];
}

/**
 * Measures the plan on one or two sides, interleaved: for each repetition, each scenario runs
 * on every side before the next scenario starts, so machine drift hits the sides alike
 * (STATISTICS.md, "Interleaving"). With two sides the order inside each pair is counterbalanced
 * in random blocks (AB BA or BA AB), so neither a steady drift nor a rhythm of the machine can
 * favour the side that always runs first. The caller starts and stops the sides.
 */
export async function measureSides(plan: SuitePlan, sides: TargetSide[], round: MeasureRound = {}): Promise<SidesMeasurement> {
  const { options } = plan;
  if (sides.length < 1 || sides.length > 3) throw new Error(`measureSides takes one to three sides, got ${sides.length}`);
  const names = round.scenarios ?? plan.names;
  const count = round.count ?? plan.count;
  const warmupRounds = round.warmupRounds ?? plan.profile.warmupRepetitions;
  const perSide = sides.map(() => newScenarioResults(plan, names));
  const order = sides.length === 2 ? counterbalancedOrder(count) : [];
  const sequences = sides.length === 3 ? counterbalancedSequences(count) : [];
  const canary: CanarySample[] = [];
  const envFor = (name: string, side: TargetSide): Record<string, string> => ({
    ...plan.profile.env['*'],
    ...options.config.scenarios[name]!.env,
    ...plan.profile.env[name],
    BASE_URL: side.url,
    PROFILE: plan.profileName,
  });
  options.onEvent?.({
    kind: 'suite-start',
    scenarios: names,
    repetitions: count,
    warmupRepetitions: warmupRounds,
    ...(sides.length > 1 && { sides: sides.map((_, s) => round.labels?.[s] ?? `side ${s + 1}`) }),
    engine: plan.k6 ? plan.k6.versionLine : ENGINE_VERSION,
  });
  let complete = true;
  // Warm-up rounds are run exactly like measured ones and thrown away.
  for (let w = 0; w < warmupRounds && !options.signal?.aborted; w++) {
    for (const name of names) {
      for (const side of sides) {
        options.onEvent?.({ kind: 'warmup', scenario: name, round: w, of: warmupRounds });
        await runRepetition(plan, name, side, envFor(name, side), -1);
      }
    }
    if (w === 0 && round.canary) await measureCanary(round.canary, -1, options);
  }
  outer: for (let rep = 0; rep < count; rep++) {
    const sideOrder = sequences[rep] ?? (order[rep] === 'BA' ? [1, 0] : sides.map((_, s) => s));
    for (const [i, name] of names.entries()) {
      for (const s of sideOrder) {
        if (options.signal?.aborted) {
          complete = false;
          break outer;
        }
        options.onEvent?.({ kind: 'repetition-start', scenario: name, repetition: rep, of: count });
        const repetition = await runRepetition(plan, name, sides[s]!, envFor(name, sides[s]!), rep);
        perSide[s]![i]!.repetitions.push(repetition);
        options.onEvent?.({ kind: 'repetition-end', scenario: name, repetition: rep, of: count, result: repetition, side: round.labels?.[s] });
        if (options.signal?.aborted) complete = false;
      }
    }
    if (round.canary && !options.signal?.aborted) {
      const sample = await measureCanary(round.canary, rep, options);
      if (sample) canary.push(sample);
    }
  }
  const measured = perSide[0]![0]?.repetitions.length ?? 0;
  return { scenarios: perSide, complete, order: order.slice(0, measured), ...(sides.length === 3 && { sequences: sequences.slice(0, measured) }), canary };
}

/**
 * One canary sample; a canary that cannot run is said once and leaves the run without its
 * drift guard (a later comparison says so) rather than throwing away what was measured.
 */
async function measureCanary(canary: Canary, round: number, options: RunSuiteOptions): Promise<CanarySample | null> {
  if (canariesFailed.has(canary)) return null;
  try {
    return await canary.measure(round);
  } catch (err) {
    canariesFailed.add(canary);
    options.onEvent?.({ kind: 'warning', text: `${err instanceof Error ? err.message : String(err)}; this run has no drift guard from here on` });
    return null;
  }
}

const canariesFailed = new WeakSet<Canary>();

/**
 * The order of each repetition's pair: blocks of two repetitions, each block AB BA or BA AB at
 * random, so a linear drift cancels within every block and no fixed rhythm lines up with a side.
 */
export function counterbalancedOrder(count: number, random: () => number = Math.random): Array<'AB' | 'BA'> {
  const order: Array<'AB' | 'BA'> = [];
  for (let block = 0; block * 2 < count; block++) {
    const first = random() < 0.5 ? 'AB' : 'BA';
    order.push(first);
    if (order.length < count) order.push(first === 'AB' ? 'BA' : 'AB');
  }
  return order;
}

/**
 * Three sides: each block of six repetitions runs the six orders of the sides once, shuffled, so
 * each side is first, second and last equally often and each pair of sides runs either way round
 * half the time (the random order inside every pair that the sign-flip test relies on).
 */
export function counterbalancedSequences(count: number, random: () => number = Math.random): number[][] {
  const all = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  const out: number[][] = [];
  while (out.length < count) {
    const block = all.slice();
    for (let i = block.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [block[i], block[j]] = [block[j]!, block[i]!];
    }
    out.push(...block.slice(0, count - out.length));
  }
  return out;
}

/** One side's results file from its measured scenarios. */
export function resultsFileOf(plan: SuitePlan, side: TargetSide, scenarios: ScenarioResult[], complete: boolean, extra: Partial<Pick<ResultsFile, 'canary' | 'sideBySide'>> = {}): ResultsFile {
  return {
    schema: RESULTS_SCHEMA,
    runId: newRunId(plan.profileName),
    createdAt: new Date().toISOString(),
    profile: plan.profileName,
    complete,
    engine: plan.k6 ? { name: 'k6', version: plan.k6.versionLine } : { name: 'embedded', version: ENGINE_VERSION },
    environment: plan.environment,
    target: side.describe,
    scenarios,
    ...extra,
  };
}

/** The drift guard's canary, run by the plan's engine (k6 or the embedded one). */
export function openPlanCanary(plan: SuitePlan): Promise<Canary> {
  const workDir = join(plan.options.config.root, '.loadgate', 'canary');
  // No abort signal: a canary sample takes about a second, and a half-measured one is worth nothing.
  return openCanary(workDir, (scriptPath, env) => runEngine(plan, { scriptPath, env, console: silentConsole, summaryTrendStats: DENSE_TREND_STATS }));
}

/** Runs one script with the plan's engine. */
function runEngine(plan: SuitePlan, common: Omit<EngineRunOptions, 'scriptPath'> & { scriptPath: string }): Promise<EngineRunResult> {
  return plan.k6 ? runWithK6({ ...common, k6Path: plan.k6.path, workDir: join(plan.options.config.root, '.loadgate', 'k6') }) : runScript(common);
}

function newScenarioResults(plan: SuitePlan, names: string[]): ScenarioResult[] {
  const { config } = plan.options;
  return names.map((name) => {
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
  const { options } = plan;
  const scriptPath = plan.bundles.get(scenario)!;
  const scrape = side.metricsUrl ? await scrapePrometheusOrWhy(side.metricsUrl) : null;
  const before = scrape?.snapshot ?? null;
  if (scrape?.problem && !sidesWarnedAboutMetrics.has(side)) {
    // Said once per side: the run goes on, but without the server-side view the user asked for.
    sidesWarnedAboutMetrics.add(side);
    options.onEvent?.({ kind: 'warning', text: `metrics endpoint ${side.metricsUrl} ${scrape.problem}; no server_* metrics from it` });
  }
  const startedAt = new Date();
  const t0 = performance.now();
  const probe = startHostProbe();
  const onProgress = (p: { elapsedMs: number; iterations: number; vus: number }): void =>
    options.onEvent?.({ kind: 'repetition-progress', scenario, repetition: index, elapsedMs: p.elapsedMs, iterations: p.iterations, vus: p.vus });
  // Both engines report the same dense trend stats, so runs compare across engines.
  const common = { scriptPath, env, signal: options.signal, console: silentConsole, onProgress, summaryTrendStats: DENSE_TREND_STATS };
  const run = await runEngine(plan, common);
  if (run.exitCode === 107 || run.exitCode === 104) {
    // The scenario itself is broken: every further repetition would fail the same way.
    throw new ScriptError(`scenario ${scenario} cannot run (k6 exit ${run.exitCode}): ${run.errors.slice(0, 3).join('; ')}`);
  }
  const durationMs = performance.now() - t0;
  const after = before && side.metricsUrl ? await scrapePrometheus(side.metricsUrl) : null;
  if (before && after) Object.assign(run.summary.metrics, serverMetricsDelta(before, after, durationMs));
  const host = probe.finish({
    ...(plan.k6 && { generatorCpuSeconds: run.generator?.cpuSeconds ?? null }),
    serviceCpuSeconds: run.summary.metrics.server_cpu_seconds?.values.count ?? null,
    vuThreadBusy: run.generator?.vuThreadBusy ?? null,
  });
  return {
    index,
    startedAt: startedAt.toISOString(),
    durationMs,
    exitCode: run.exitCode,
    errors: run.errors,
    summary: run.summary,
    histograms: run.histograms,
    timeSeries: run.timeSeries,
    host,
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
