/**
 * `loadgate bisect`: which commit between a good and a bad one made the service slower?
 *
 * 1. The range is resolved and checked before anything is built (commits.ts).
 * 2. The ends are built, started and measured side by side, always, first: unless the bad end
 *    is worse than the good one on a tracked metric (significantly, by its minimum effect) there
 *    is nothing to search. Rounds of pairs are added up to `maxRounds` while it is unclear.
 * 3. The search (search.ts) measures one candidate per step between the ends of its interval,
 *    three sides interleaved (measure.ts); commits that do not build or start are skipped.
 * 4. The outcome is written as a results JSON and rendered as HTML and Markdown (report.ts).
 */
import type { ComparisonSettings } from '../compare/model.js';
import { DEFAULT_COMPARISON_SETTINGS } from '../compare/index.js';
import { defaultGatingMetrics } from '../results/default-gating.js';
import { MeasurementError, UsageError } from '../core/errors.js';
import type { GatingMetric } from '../results/results.js';
import { pathUnder } from '../core/path-names.js';
import { statKey, statProblem } from '../core/threshold-expression.js';
import { sideCommand } from '../gate/base-ref.js';
import { evictCheckouts } from '../gate/git-checkout.js';
import { planSuite, type RunSuiteOptions, type SuitePlan } from '../runner/run-suite.js';
import type { TargetSide } from '../runner/target-side.js';
import { resolveRange, type BisectRange } from './commits.js';
import { CommitPool, Interleaved, measureInto, metricOf, pairEffectOf, type TrackedMetric } from './measure.js';
import { writeBisectReports, type BisectFormat } from './report.js';
import type { BisectOutcome, BisectStatus, EndsCheck } from './outcome.js';
import { searchRange, stepConfidence, type BisectStep, type MeasureStep, type PairEffect, type SearchOutcome } from './search.js';

export interface BisectOptions extends Omit<RunSuiteOptions, 'target' | 'canary'> {
  /** A commit (ref) known to be fast. */
  good: string;
  /** A later commit known to be slow; `good` must be its ancestor. */
  bad: string;
  /** `name[:stat]` selectors to follow (default stat `med`); default: the scenarios' gating metrics. */
  metrics?: string[];
  /** Rounds of `count` repetitions a step (and the ends check) may take while unclear. @default 3 */
  maxRounds?: number;
  compare?: Partial<ComparisonSettings>;
  reportDir?: string;
  /** @default ['html', 'markdown', 'json'] */
  formats?: BisectFormat[];
  onStep?: (step: BisectStep) => void;
  /** Lines the caller knows about the search (where its ends or metrics came from), first in the notices and reports. */
  notices?: string[];
}

/**
 * Runs the whole bisection. Bad input (refs, range, dirty tree, metric syntax, scenarios) is
 * refused before anything is built; ends that cannot be built or started are a measurement
 * failure (MeasurementError / BaseBuildError, exit 4).
 */
export async function runBisect(options: BisectOptions): Promise<BisectOutcome> {
  const t0 = performance.now();
  const { config } = options;
  const range = await resolveRange(config.root, options.good, options.bad);
  const specs = (options.metrics ?? []).map(parseMetricSpec);
  const settings = { ...DEFAULT_COMPARISON_SETTINGS, ...config.compare, ...options.compare };
  const maxRounds = options.maxRounds ?? 3;
  // A step (and the ends) is tested again after every round it adds: each look at alpha / maxRounds
  // (Bonferroni over the looks) keeps the chance that any look calls a side regressed falsely at alpha.
  const perLook = { ...settings, alpha: settings.alpha / maxRounds };
  const reportDir = options.reportDir ?? pathUnder(config.reportsDir, `bisect-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const command = sideCommand(config, config.root, 'bisect needs');
  const plan = await planSuite({ ...options, outputDirs: [{ dir: reportDir, what: options.reportDir ? 'report directory (--report-dir)' : 'report directory (config reportsDir)' }] });
  const candidates = trackedMetrics(plan, specs, settings.minEffectPct);
  const notices: string[] = [...(options.notices ?? [])];
  const last = range.commits.length - 1;
  const pool = new CommitPool(plan, range.repo, range.commits, command, notices);
  let repetitions = 0;
  let outcome: Omit<BisectOutcome, 'reports' | 'durationMs'>;
  try {
    const goodSide = await openEnd(pool, 0, 'good', range);
    const badSide = await openEnd(pool, last, 'bad', range);
    const ends = await checkEnds(plan, goodSide, badSide, last, candidates, perLook, maxRounds);
    repetitions += ends.repetitions;
    const status = endsStatus(ends, settings.minEffectPct);
    let search: SearchOutcome | null = null;
    if (status === 'found') {
      const tracked = [ends.primary!];
      const measure = stepMeasurer(plan, pool, tracked, perLook, (n) => (repetitions += n));
      const endsEffect = ends.metrics.find((m) => m.metric === ends.primary)!.effect;
      search = await searchRange(last, measure, { settings: { maxRounds }, endsEffect, endsConfidence: ends.confidence, onStep: options.onStep });
    }
    const skipsLeft = search?.culprits.some((c) => c.alsoPossible.length > 0) ?? false;
    outcome = { status: status === 'found' && skipsLeft ? 'ambiguous-skips' : status, range, ends, search, settings: { ...settings, maxRounds, lookAlpha: perLook.alpha, pairsPerRound: plan.count }, repetitions, notices };
  } finally {
    await pool.close();
    if (pool.cacheDir) {
      const evicted = await evictCheckouts(range.repo, pool.cacheDir, Math.max(config.base.keepBuilds, 0));
      if (evicted.length > 0) notices.push(`removed ${evicted.length} older build${evicted.length === 1 ? '' : 's'} from the cache (keeping ${config.base.keepBuilds})`);
    }
  }
  const finished = { ...outcome, durationMs: performance.now() - t0 };
  const reports = await writeBisectReports(finished, reportDir, options.formats ?? ['html', 'markdown', 'json']);
  return { ...finished, reports };
}

/** `http_req_duration`, `http_req_duration:p(95)`, `http_req_duration{name:health}:med`. */
export function parseMetricSpec(spec: string): { metric: string; stat: string } {
  const closing = spec.lastIndexOf('}');
  const colon = spec.indexOf(':', closing + 1);
  const metric = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const stat = colon < 0 ? 'med' : spec.slice(colon + 1).trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\{[^{}]+\})?$/.test(metric) || stat === '') {
    throw new UsageError(`--metric must be name[:stat], e.g. http_req_duration or http_req_duration:p(95) (stats: med, avg, min, max, p(N), rate, count, value); got "${spec}"`);
  }
  const key = statKey(stat);
  if (key === null) throw new UsageError(`--metric "${spec}": ${statProblem(stat)}`);
  return { metric, stat: key };
}

/** The metrics to check at the ends: the named ones in every selected scenario, else each scenario's gating metrics. */
function trackedMetrics(plan: SuitePlan, specs: Array<{ metric: string; stat: string }>, minEffectPct: number): TrackedMetric[] {
  return plan.names.flatMap((scenario) => {
    const configured = plan.options.config.scenarios[scenario]!.gating;
    const known = [...configured, ...defaultGatingMetrics()];
    if (specs.length === 0) return (configured.length > 0 ? configured : defaultGatingMetrics()).map((gating) => ({ scenario, gating }));
    return specs.map((s) => {
      const same = known.find((g) => g.metric === s.metric && (statKey(g.stat) ?? g.stat) === s.stat) ?? known.find((g) => g.metric === s.metric.replace(/\{.*$/, ''));
      const gating: GatingMetric = { metric: s.metric, stat: s.stat, direction: same?.direction ?? 'lower', ...(same?.minEffectPct !== undefined && { minEffectPct: same.minEffectPct }), gate: true, ...(same?.effectFloor !== undefined && { effectFloor: same.effectFloor }) };
      return { scenario, gating };
    });
  });
}

async function openEnd(pool: CommitPool, index: number, which: 'good' | 'bad', range: BisectRange): Promise<TargetSide> {
  const side = await pool.open(index);
  if (!('skip' in side)) return side;
  const c = range.commits[index]!;
  throw new MeasurementError(`the ${which} end ${c.ref} (${c.sha.slice(0, 12)}) ${side.skip}: the ends must be measured before anything is searched`);
}

/** The ends side by side, rounds added while no tracked metric regressed; the primary metric is the one that regressed most. */
async function checkEnds(plan: SuitePlan, good: TargetSide, bad: TargetSide, last: number, candidates: TrackedMetric[], settings: ComparisonSettings, maxRounds: number): Promise<EndsCheck> {
  const acc = new Interleaved([0, last], [good, bad]);
  let metrics: EndsCheck['metrics'] = [];
  let rounds = 0;
  while (rounds < maxRounds) {
    await measureInto(plan, acc, ['good', 'bad']);
    rounds++;
    const comparison = acc.compare(plan, 0, last, candidates, settings);
    metrics = candidates.map((metric) => ({ metric, effect: pairEffectOf(metricOf(comparison, metric)) }));
    if (metrics.some((m) => m.effect.regressed)) break;
  }
  const regressed = metrics.filter((m) => m.effect.regressed).sort((a, b) => (b.effect.worsePct ?? 0) - (a.effect.worsePct ?? 0));
  const primary = regressed[0] ?? null;
  const confidence = primary ? stepConfidence('bad', { left: primary.effect, right: primary.effect, rounds, repetitions: 0 }) : 0;
  return { primary: primary?.metric ?? null, metrics, rounds, repetitions: acc.repetitions, confidence };
}

/**
 * What the ends say: `found` when a tracked metric regressed; `no-regression` when for every
 * tracked metric the whole interval of the change stays below its minimum effect (the bad end is
 * not worse by anything that counts); else `not-reproduced`.
 */
export function endsStatus(ends: Pick<EndsCheck, 'primary' | 'metrics'>, minEffectPct: number): 'found' | 'no-regression' | 'not-reproduced' {
  if (ends.primary) return 'found';
  const clear = ends.metrics.length > 0 && ends.metrics.every((m) => m.effect.hiPct !== null && m.effect.hiPct < (m.metric.gating.minEffectPct ?? minEffectPct));
  return clear ? 'no-regression' : 'not-reproduced';
}

/** search.ts's MeasureStep over real builds: lo, mid and hi interleaved, mid compared with each end. */
function stepMeasurer(plan: SuitePlan, pool: CommitPool, tracked: TrackedMetric[], settings: ComparisonSettings, count: (n: number) => void): MeasureStep {
  let current: { key: string; acc: Interleaved } | null = null;
  return async (lo, mid, hi, round) => {
    const key = `${lo}/${mid}/${hi}`;
    if (round === 0 || current?.key !== key) {
      await pool.keepOnly([lo, hi]);
      const sides = [await pool.open(lo), await pool.open(mid), await pool.open(hi)];
      const skip = sides.find((s) => 'skip' in s);
      if (skip && 'skip' in skip) {
        if (sides[1] === skip) return skip;
        throw new MeasurementError(`an end of the interval can no longer be measured: ${skip.skip}`);
      }
      current = { key, acc: new Interleaved([lo, mid, hi], sides as TargetSide[]) };
    }
    const { acc } = current;
    const before = acc.repetitions;
    await measureInto(plan, acc, ['good side', 'candidate', 'bad side']);
    count(acc.repetitions - before);
    const effect = (base: number, head: number): PairEffect => pairEffectOf(metricOf(acc.compare(plan, base, head, tracked, settings), tracked[0]!));
    return { left: effect(lo, mid), right: effect(mid, hi), rounds: round + 1, repetitions: acc.repetitions };
  };
}
