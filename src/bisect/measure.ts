/**
 * Measuring commits side by side for bisect: each commit of the range is built in its cached
 * worktree and started from `base.command` (gate/base-ref.ts), and a step runs the good-side
 * end, the candidate and the bad-side end interleaved (runner/run-suite.ts measureSides with
 * three sides: every block of six repetitions runs the six orders once), then compares the
 * candidate with each end by the side-by-side comparator (compare/compare-runs.ts: the pairs'
 * geometric-mean ratio, the sign-flip permutation test), one-sided: the ends check has already
 * said which way is worse.
 */
import { compareRuns } from '../compare/index.js';
import type { Comparison, ComparisonSettings, MetricComparison } from '../compare/model.js';
import { BaseBuildError, MeasurementError } from '../core/errors.js';
import type { GatingMetric, ResultsFile, ScenarioResult } from '../results/results.js';
import { openCommandSide, prepareCommitBuild, type CommitBuild } from '../gate/base-ref.js';
import { measureSides, resultsFileOf, type SidesMeasurement, type SuitePlan } from '../runner/run-suite.js';
import type { TargetSide } from '../runner/target-side.js';
import type { RangeCommit } from './commits.js';
import type { PairEffect, SkipReason } from './search.js';

/** A metric bisect follows: one stat of one scenario. */
export interface TrackedMetric {
  scenario: string;
  gating: GatingMetric;
}

/** `scenario: metric stat`, as reports print it. */
export function trackedName(t: TrackedMetric): string {
  return `${t.scenario}: ${t.gating.metric} ${t.gating.stat}`;
}

/**
 * The commits' builds and running services, each built and started once and kept while the
 * search may need it again.
 */
export class CommitPool {
  private readonly sides = new Map<number, TargetSide>();
  private readonly skipped = new Map<number, string>();
  readonly builds = new Map<number, CommitBuild>();
  /** Cache folder of the builds (for eviction at the end). */
  cacheDir: string | null = null;

  constructor(
    private readonly plan: SuitePlan,
    private readonly repo: string,
    private readonly commits: RangeCommit[],
    private readonly command: string,
    private readonly notices: string[],
  ) {}

  /** The running service of commit `index`, or why it cannot run (build failed, never listened). */
  async open(index: number): Promise<TargetSide | SkipReason> {
    const running = this.sides.get(index);
    if (running) return running;
    const known = this.skipped.get(index);
    if (known) return { skip: known };
    const commit = this.commits[index]!;
    const label = `${commit.sha.slice(0, 12)} ${commit.subject}`;
    try {
      const build = await prepareCommitBuild(this.plan.options.config, this.repo, commit, `commit ${commit.sha.slice(0, 12)}`, this.plan.options.signal);
      this.builds.set(index, build);
      this.cacheDir = build.cacheDir;
      this.notices.push(build.notice);
      const side = await openCommandSide(this.plan, this.command, build.projectDir, `commit-${commit.sha.slice(0, 12)}`);
      this.sides.set(index, side);
      // Warmed once when started (the profile's warm-up rounds), not again in every step it takes
      // part in: steps measure without warm-up. A candidate starts fresh beside two ends that have
      // been serving for a while; a profile whose repetitions are short should warm up longer.
      await measureSides(this.plan, [side], { count: 0, labels: [label] });
      return side;
    } catch (err) {
      if (!(err instanceof BaseBuildError || err instanceof MeasurementError) || this.plan.options.signal?.aborted) throw err;
      const why = err instanceof BaseBuildError ? `does not build (log: ${err.logFile})` : `does not start: ${err.message}`;
      this.skipped.set(index, why);
      this.notices.push(`commit ${label}: ${why}; skipped`);
      return { skip: why };
    }
  }

  /** Stops every running service except those of `keep`. */
  async keepOnly(keep: number[]): Promise<void> {
    for (const [index, side] of [...this.sides]) {
      if (keep.includes(index)) continue;
      this.sides.delete(index);
      await side.stop();
    }
  }

  async close(): Promise<void> {
    await this.keepOnly([]);
  }
}

/** Repetitions of several commits measured together in one or more rounds, kept as pairs. */
export class Interleaved {
  /** Per commit index, its scenarios' repetitions over all rounds (indices run on across rounds). */
  private readonly perCommit = new Map<number, ScenarioResult[]>();
  /** Per repetition index, the commit indices in the order they ran. */
  private readonly sequences: number[][] = [];
  complete = true;
  repetitions = 0;

  /** `sides[i]` is the running service of `commits[i]`. */
  constructor(
    readonly commits: number[],
    /** `sides[i]` runs `commits[i]`: the order measureSides takes them in. */
    readonly sides: TargetSide[],
  ) {}

  /** Adds one round measured by measureSides over `this.commits`' sides, in that order. */
  add(measured: SidesMeasurement): void {
    const offset = this.sequences.length;
    const rounds = measured.sequences ?? measured.order.map((o) => (o === 'BA' ? [1, 0] : [0, 1]));
    for (const seq of rounds) this.sequences.push(seq.map((s) => this.commits[s]!));
    this.commits.forEach((commit, s) => {
      const fresh = measured.scenarios[s]!;
      const have = this.perCommit.get(commit);
      const reindexed = fresh.map((sc) => ({ ...sc, repetitions: sc.repetitions.map((r) => ({ ...r, index: r.index + offset })) }));
      this.repetitions += fresh.reduce((n, sc) => n + sc.repetitions.length, 0);
      this.perCommit.set(commit, have ? have.map((sc, i) => ({ ...sc, repetitions: [...sc.repetitions, ...reindexed[i]!.repetitions] })) : reindexed);
    });
    this.complete &&= measured.complete;
  }

  /**
   * Commit `head` compared with commit `base` on the tracked metrics, side by side: two results
   * files naming each other, each pair's order as it ran.
   */
  compare(plan: SuitePlan, base: number, head: number, tracked: TrackedMetric[], settings: Partial<ComparisonSettings>): Comparison {
    const order = this.sequences.map((seq) => (seq.indexOf(base) < seq.indexOf(head) ? 'AB' : 'BA') as 'AB' | 'BA');
    const fileOf = (commit: number): ResultsFile =>
      resultsFileOf(plan, this.sides[this.commits.indexOf(commit)]!, restrict(this.perCommit.get(commit) ?? [], tracked), this.complete);
    const b = fileOf(base);
    const h = fileOf(head);
    b.sideBySide = { side: 'base', otherRunId: h.runId, order };
    h.sideBySide = { side: 'head', otherRunId: b.runId, order };
    return compareRuns(b, h, settings, 'worse');
  }
}

/** The scenarios of the tracked metrics, each gating on those alone, no thresholds. */
function restrict(scenarios: ScenarioResult[], tracked: TrackedMetric[]): ScenarioResult[] {
  return scenarios
    .filter((sc) => tracked.some((t) => t.scenario === sc.name))
    .map((sc) => ({ ...sc, thresholds: [], gating: tracked.filter((t) => t.scenario === sc.name).map((t) => t.gating) }));
}

/** Runs one round of `count` interleaved repetitions over the accumulator's sides and adds it. */
export async function measureInto(plan: SuitePlan, acc: Interleaved, labels: string[]): Promise<void> {
  // Every side was warmed up when its service started (CommitPool.open).
  const measured = await measureSides(plan, acc.sides, { labels, warmupRounds: 0 });
  acc.add(measured);
  if (!acc.complete) throw new MeasurementError(plan.options.signal?.aborted ? 'bisect interrupted' : 'a repetition could not be measured; no verdict');
}

/** The tracked metric's row of a comparison. */
export function metricOf(c: Comparison, t: TrackedMetric): MetricComparison | null {
  return c.scenarios.find((s) => s.name === t.scenario)?.metrics.find((m) => m.metric === t.gating.metric && m.stat === t.gating.stat) ?? null;
}

/** A comparison row as bisect reads it: the change oriented so that positive is worse. */
export function pairEffectOf(mc: MetricComparison | null): PairEffect {
  if (!mc) return { worsePct: null, loPct: null, hiPct: null, p: null, n: 0, regressed: false };
  const sign = mc.direction === 'lower' ? 1 : -1;
  const pct = (d: number | null): number | null => {
    if (d === null || !mc.paired) return null;
    if (mc.paired.scale === 'log') return (Math.exp(d) - 1) * 100;
    return mc.base && mc.base.center !== 0 ? (d / Math.abs(mc.base.center)) * 100 : null;
  };
  const lo = pct(mc.paired?.lo ?? null);
  const hi = pct(mc.paired?.hi ?? null);
  return {
    worsePct: mc.deltaPct === null ? null : sign * mc.deltaPct,
    loPct: sign > 0 ? lo : hi === null ? null : -hi,
    hiPct: sign > 0 ? hi : lo === null ? null : -lo,
    p: mc.pAdjusted ?? mc.p,
    n: mc.paired?.n ?? mc.head?.n ?? 0,
    regressed: mc.verdict === 'regressed',
  };
}
