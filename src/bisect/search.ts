/**
 * The bisection search itself, pure: which commit to measure next, what a step's measurements
 * say, when a step needs more repetitions, what to do with a commit that cannot be measured, and
 * how sure the whole search is. It knows commits only by their index in the range (0 = the good
 * end, n − 1 = the bad end) and measurements only through `MeasureStep`, so it is tested on
 * synthetic numbers (test/bisect/search.test.ts) and driven by real builds in run-bisect.ts.
 *
 * One step compares the candidate `mid` side by side with the two ends of the interval it
 * splits: `left` is mid against the good-side end, `right` the bad-side end against mid. A step
 * is good-like when only `right` regressed (mid is as fast as the good end), bad-like when only
 * `left` did, and *split* when both did: part of the regression lies on each side of mid, so
 * both halves are searched and both commits are reported (a regression made of two steps).
 * Neither: ambiguous — more rounds of repetitions, up to a cap, then the step leans towards the
 * end its point estimate is nearer to, and the search's confidence says so.
 */

/** One paired comparison of two commits on the tracked metric, oriented so positive is worse. */
export interface PairEffect {
  /** Change of the later commit against the earlier one, %; positive = worse (slower, fewer req/s). Null when not measured. */
  worsePct: number | null;
  /** The change's confidence interval, %, same orientation; null when too few pairs. */
  loPct: number | null;
  hiPct: number | null;
  /** One-sided p of "the later commit is worse" (the comparator's, compare/paired-permutation.ts). */
  p: number | null;
  /** Pairs compared. */
  n: number;
  /** The comparator's verdict: significantly worse by at least the metric's minimum effect. */
  regressed: boolean;
}

/** What one step measured so far. */
export interface StepEvidence {
  /** mid against the good-side end of the interval. */
  left: PairEffect;
  /** the bad-side end against mid. */
  right: PairEffect;
  /** Rounds of repetitions measured for this step. */
  rounds: number;
  /** Repetitions run for this step, all sides together. */
  repetitions: number;
}

/** A commit that could not be measured: its build failed, or its service never started. */
export interface SkipReason {
  skip: string;
}

/**
 * Measures commit `mid` against the ends `lo` and `hi` (indices in the range). `round` counts
 * from 0; each call adds a round of repetitions to the step's earlier ones and returns the whole
 * step's evidence. A commit that cannot be built or started is a SkipReason (round 0 only).
 */
export type MeasureStep = (lo: number, mid: number, hi: number, round: number) => Promise<StepEvidence | SkipReason>;

/** How a step was decided. `good-lean` / `bad-lean`: ambiguous after the last round, decided by the point estimates. */
export type StepVerdict = 'good' | 'bad' | 'split' | 'good-lean' | 'bad-lean' | 'skip';

export interface BisectStep {
  /** 1-based, in the order measured. */
  number: number;
  lo: number;
  mid: number;
  hi: number;
  verdict: StepVerdict;
  evidence: StepEvidence | null;
  /** Why a skipped commit was skipped. */
  skipReason?: string;
  /** The chance this step was decided right, as the search counts it (see stepConfidence). */
  confidence: number;
}

/** A commit the search names, and the step whose measurement shows its effect. */
export interface Culprit {
  /** Index of the first bad commit. */
  index: number;
  /** Its last good neighbour in the range (skipped commits between them are listed in `alsoPossible`). */
  lastGood: number;
  /** Skipped commits that may hold the change instead (they could not be measured), like `git bisect skip`. */
  alsoPossible: number[];
  /** The measured change from lastGood to this commit, or the closest measurement of it the search made. */
  effect: PairEffect | null;
  /** Which step measured `effect` (0: the ends check). */
  fromStep: number;
}

export interface SearchSettings {
  /** Rounds a step may take before an ambiguous one is decided by its lean. @default 3 */
  maxRounds: number;
  /** Most commits reported for a regression that splits. @default 3 */
  maxCulprits: number;
}

export interface SearchOutcome {
  culprits: Culprit[];
  steps: BisectStep[];
  /** Product of the steps' confidences (and the ends check's): the chance no step was decided wrongly. */
  confidence: number;
}

export const DEFAULT_SEARCH_SETTINGS: SearchSettings = { maxRounds: 3, maxCulprits: 3 };

/**
 * The smallest share of the step's whole change (left + right) each side must carry for a step
 * to be a split. Both sides "regressed" is not enough: each comparison is a test at α = 0.05, so
 * a search of a few steps would now and then see a false few-% regression on the quiet side of a
 * large one (seen on CI: a docs commit named beside a 3× slowdown). A part of a real two-step
 * regression carries a sizeable share of it; a 1.05× change beside a 1.3× one (16 %) is not
 * reported as a second culprit, the search follows the larger part.
 */
export const SPLIT_MIN_SHARE = 0.25;

/** Good-like, bad-like, split, or (null) ambiguous: neither side regressed significantly. */
export function classifyStep(e: StepEvidence): 'good' | 'bad' | 'split' | null {
  if (e.left.regressed && e.right.regressed) {
    const l = Math.max(0, e.left.worsePct ?? 0);
    const r = Math.max(0, e.right.worsePct ?? 0);
    if (Math.min(l, r) >= SPLIT_MIN_SHARE * (l + r)) return 'split';
    return l > r ? 'bad' : 'good';
  }
  if (e.left.regressed) return 'bad';
  if (e.right.regressed) return 'good';
  return null;
}

/**
 * An ambiguous step's lean after its last round: the end mid's point estimate is nearer to. mid
 * is bad-like when more of the change lies between the good end and mid than between mid and
 * the bad end.
 */
export function leanOf(e: StepEvidence): 'good-lean' | 'bad-lean' {
  const l = e.left.worsePct ?? 0;
  const r = e.right.worsePct ?? 0;
  return l > r ? 'bad-lean' : 'good-lean';
}

/**
 * The chance a step was decided right, as the search counts it: 1 − p of the comparison that
 * decided it (both, for a split); ½ for a lean, which the numbers did not decide. Not a
 * posterior probability: a simple, conservative bookkeeping that makes a search resting on
 * weak steps say so.
 */
export function stepConfidence(verdict: StepVerdict, e: StepEvidence | null): number {
  if (!e || verdict === 'skip') return 1;
  const sure = (x: PairEffect): number => 1 - Math.min(1, x.p ?? 1);
  if (verdict === 'good') return sure(e.right);
  if (verdict === 'bad') return sure(e.left);
  if (verdict === 'split') return sure(e.left) * sure(e.right);
  return 0.5;
}

/**
 * The next commit to measure in (lo, hi): the one nearest the middle that was not skipped,
 * the lower one on a tie (as `git bisect` does not prefer a side either). Null when none is left.
 */
export function pickMidpoint(lo: number, hi: number, skipped: ReadonlySet<number>): number | null {
  const middle = (lo + hi) / 2;
  let best: number | null = null;
  for (let i = lo + 1; i < hi; i++) {
    if (skipped.has(i)) continue;
    if (best === null || Math.abs(i - middle) < Math.abs(best - middle)) best = i;
  }
  return best;
}

/** ⌈log2 n⌉ for the n commits after the good end: the steps a noiseless bisection of them needs. */
export function idealSteps(commitsAfterGood: number): number {
  return commitsAfterGood <= 1 ? 0 : Math.ceil(Math.log2(commitsAfterGood));
}

/**
 * Runs the search over indices 0..last (0 is good, `last` bad; the ends check has shown
 * `last` regressed against 0). Intervals whose mid splits the effect are both searched, up to
 * `maxCulprits` commits. `endsConfidence` and `endsEffect` come from the ends check.
 */
export async function searchRange(
  last: number,
  measure: MeasureStep,
  options: { settings?: Partial<SearchSettings>; endsEffect: PairEffect | null; endsConfidence: number; onStep?: (step: BisectStep) => void },
): Promise<SearchOutcome> {
  const settings = { ...DEFAULT_SEARCH_SETTINGS, ...options.settings };
  const skipped = new Set<number>();
  const steps: BisectStep[] = [];
  const intervals: Array<[number, number]> = [[0, last]];
  const found: Array<[number, number]> = [];
  while (intervals.length > 0) {
    let [lo, hi] = intervals.shift()!;
    for (;;) {
      const mid = pickMidpoint(lo, hi, skipped);
      if (mid === null) break;
      const step = await measureStep(lo, mid, hi, measure, settings, steps.length + 1);
      steps.push(step);
      options.onStep?.(step);
      if (step.verdict === 'skip') skipped.add(mid);
      else if (step.verdict === 'good' || step.verdict === 'good-lean') lo = mid;
      else if (step.verdict === 'bad' || step.verdict === 'bad-lean') hi = mid;
      else if (found.length + intervals.length + 1 < settings.maxCulprits) {
        // Split: search [mid, hi] later, go on with [lo, mid] now.
        intervals.push([mid, hi]);
        hi = mid;
      } else {
        // No room for another culprit: follow the larger part of the change.
        if ((step.evidence!.left.worsePct ?? 0) >= (step.evidence!.right.worsePct ?? 0)) hi = mid;
        else lo = mid;
      }
    }
    found.push([lo, hi]);
  }
  const culprits = found.sort((a, b) => a[1] - b[1]).map(([lo, hi]) => culpritOf(lo, hi, skipped, steps, options.endsEffect));
  const confidence = steps.reduce((c, s) => c * s.confidence, options.endsConfidence);
  return { culprits, steps, confidence };
}

async function measureStep(lo: number, mid: number, hi: number, measure: MeasureStep, settings: SearchSettings, number: number): Promise<BisectStep> {
  let evidence: StepEvidence | null = null;
  for (let round = 0; round < settings.maxRounds; round++) {
    const got = await measure(lo, mid, hi, round);
    if ('skip' in got) return { number, lo, mid, hi, verdict: 'skip', evidence: null, skipReason: got.skip, confidence: 1 };
    evidence = got;
    const verdict = classifyStep(got);
    if (verdict) return { number, lo, mid, hi, verdict, evidence, confidence: stepConfidence(verdict, evidence) };
  }
  const verdict = leanOf(evidence!);
  return { number, lo, mid, hi, verdict, evidence, confidence: stepConfidence(verdict, evidence) };
}

/** The culprit of a final interval (lo, hi] and the measurement that shows its effect best. */
function culpritOf(lo: number, hi: number, skipped: ReadonlySet<number>, steps: BisectStep[], endsEffect: PairEffect | null): Culprit {
  const alsoPossible: number[] = [];
  for (let i = lo + 1; i < hi; i++) if (skipped.has(i)) alsoPossible.push(i);
  // Best: a step that compared exactly lastGood and the culprit; else the latest step that measured the culprit against an earlier commit.
  let effect: PairEffect | null = null;
  let fromStep = 0;
  for (const s of steps) {
    if (!s.evidence) continue;
    const exact = (s.mid === hi && s.lo === lo) || (s.hi === hi && s.mid === lo);
    if (exact) return { index: hi, lastGood: lo, alsoPossible, effect: s.mid === hi ? s.evidence.left : s.evidence.right, fromStep: s.number };
    if (s.mid === hi) [effect, fromStep] = [s.evidence.left, s.number];
    else if (s.hi === hi) [effect, fromStep] = [s.evidence.right, s.number];
  }
  if (!effect && lo === 0 && hi !== 0) effect = endsEffect;
  return { index: hi, lastGood: lo, alsoPossible, effect, fromStep };
}
