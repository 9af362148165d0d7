/**
 * What a bisection found: the model `runBisect` computes and the reports and the CLI render.
 */
import type { ComparisonSettings } from '../compare/model.js';
import type { BisectRange } from './commits.js';
import type { TrackedMetric } from './measure.js';
import type { PairEffect, SearchOutcome } from './search.js';

/**
 * `found`: a first bad commit (or one per part of a split regression). `ambiguous-skips`: found,
 * but skipped commits next to it could hold the change instead. `no-regression`: the ends were
 * measured and the bad end is not worse by the minimum effect. `not-reproduced`: the ends could
 * not show a regression either way.
 */
export type BisectStatus = 'found' | 'ambiguous-skips' | 'no-regression' | 'not-reproduced';

export interface EndsCheck {
  /** The tracked metric the search followed, and every metric checked at the ends. */
  primary: TrackedMetric | null;
  metrics: Array<{ metric: TrackedMetric; effect: PairEffect }>;
  rounds: number;
  repetitions: number;
  confidence: number;
}

export interface BisectOutcome {
  status: BisectStatus;
  range: BisectRange;
  ends: EndsCheck;
  search: SearchOutcome | null;
  /** `lookAlpha`: the level of each look at a step or the ends, alpha / maxRounds. */
  settings: ComparisonSettings & { maxRounds: number; lookAlpha: number; pairsPerRound: number };
  /** Repetitions run in all, every side. */
  repetitions: number;
  durationMs: number;
  notices: string[];
  /** Format → file; `json` is the results file. */
  reports: Record<string, string>;
}
