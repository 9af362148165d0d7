/**
 * Verdict → badge (tone + symbol + word). One table per verdict kind so every format
 * uses the same words; colour is never the only signal.
 */
import type { GateVerdict, MetricVerdict, ThresholdOutcome } from '../compare/model.js';
import type { VerdictBadge } from './view-model-types.js';

const METRIC_BADGES: Record<MetricVerdict, VerdictBadge> = {
  improved: { tone: 'good', word: 'improved', symbol: '▲' },
  regressed: { tone: 'bad', word: 'regressed', symbol: '▼' },
  unconfirmed: { tone: 'warn', word: 'not confirmed', symbol: '?' },
  'too-noisy': { tone: 'warn', word: 'too noisy', symbol: '?' },
  unchanged: { tone: 'neutral', word: 'unchanged', symbol: '~' },
  'insufficient-data': { tone: 'warn', word: 'insufficient data', symbol: '?' },
  missing: { tone: 'warn', word: 'missing', symbol: '?' },
};

const THRESHOLD_BADGES: Record<ThresholdOutcome, VerdictBadge> = {
  pass: { tone: 'good', word: 'pass', symbol: '✓' },
  warn: { tone: 'warn', word: 'warn', symbol: '!' },
  fail: { tone: 'bad', word: 'fail', symbol: '✗' },
  'no-data': { tone: 'bad', word: 'no data', symbol: '?' },
};

/** Badge of a baseline comparison verdict. */
export function metricBadge(verdict: MetricVerdict): VerdictBadge {
  return { ...(METRIC_BADGES[verdict] ?? METRIC_BADGES.missing) };
}

/** Badge of a target-threshold verdict. */
export function thresholdBadge(verdict: ThresholdOutcome): VerdictBadge {
  return { ...(THRESHOLD_BADGES[verdict] ?? THRESHOLD_BADGES['no-data']) };
}

const GATE_BADGES: Record<GateVerdict, VerdictBadge> = {
  pass: { tone: 'good', word: 'pass', symbol: '✓' },
  fail: { tone: 'bad', word: 'fail', symbol: '✗' },
  inconclusive: { tone: 'warn', word: 'inconclusive', symbol: '?' },
  'measurement-failed': { tone: 'bad', word: 'measurement failed', symbol: '!' },
};

/** Badge of a gate verdict (pass, fail, inconclusive), as the banner and scenario headers show it; `true`/`false` for pass/fail. */
export function gateBadge(verdict: GateVerdict | boolean): VerdictBadge {
  const key: GateVerdict = verdict === true ? 'pass' : verdict === false ? 'fail' : verdict;
  return { ...GATE_BADGES[key] };
}

/** Badge of an expected change: verified only when its whole ratio interval is on the expected side. */
export function expectationBadge(met: boolean): VerdictBadge {
  return met ? { tone: 'good', word: 'change verified', symbol: '✓' } : { tone: 'bad', word: 'change not verified', symbol: '✗' };
}

/** Badge of a sign-off checklist item: met, not met, or not checked (unknown). */
export function checkBadge(state: 'met' | 'not-met' | 'unknown'): VerdictBadge {
  if (state === 'met') return { tone: 'good', word: 'met', symbol: '✓' };
  if (state === 'not-met') return { tone: 'bad', word: 'not met', symbol: '✗' };
  return { tone: 'warn', word: 'not checked', symbol: '?' };
}
