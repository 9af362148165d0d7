/** The k6 options that shape the run's lifecycle and summary rather than its scenarios. */
import { InvalidOptionsError } from '../invalid-options-error.js';
import { parseDurationMs } from './duration.js';

/** The units k6 formats summary times in (summaryTimeUnit, --summary-time-unit). */
export const SUMMARY_TIME_UNITS = ['s', 'ms', 'us'] as const;
export type SummaryTimeUnit = (typeof SUMMARY_TIME_UNITS)[number];

export function isSummaryTimeUnit(unit: string): unit is SummaryTimeUnit {
  return (SUMMARY_TIME_UNITS as readonly string[]).includes(unit);
}

export interface RunOptions {
  /** Skip setup(). @default false */
  noSetup: boolean;
  /** Skip teardown(). @default false */
  noTeardown: boolean;
  /** Do not evaluate thresholds (none in the summary, never exit 99). @default false */
  noThresholds: boolean;
  /** A VU whose iteration ended sooner pauses for the rest of it (ms). @default 0 */
  minIterationDurationMs: number;
  /** Fixed unit of time values in the text summary: '', 's', 'ms' or 'us'. @default '' (automatic) */
  summaryTimeUnit: string;
  /**
   * Start paused (options.paused, --paused): k6 waits for its REST API to resume the test. The
   * engine has no REST API, as k6 with `--address=` has none: the VUs are initialized and the
   * test waits for Ctrl-C or SIGTERM, which end it with no setup(), iteration or teardown().
   * @default false
   */
  paused: boolean;
}


function flag(raw: Record<string, unknown>, key: string): boolean {
  const v = raw[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw new InvalidOptionsError(key, `must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** Validates and defaults them; throws InvalidOptionsError naming the key (k6: exit 104). */
export function resolveRunOptions(raw: Record<string, unknown>): RunOptions {
  const unit = raw.summaryTimeUnit ?? '';
  // k6 (both generations) takes any string here and formats a unit it does not know as with
  // none; only the --summary-time-unit flag is checked (SUMMARY_TIME_UNITS).
  if (typeof unit !== 'string') throw new InvalidOptionsError('summaryTimeUnit', `must be a string: ${SUMMARY_TIME_UNITS.map((u) => `'${u}'`).join(', ')} or '' (automatic), got ${JSON.stringify(unit)}`);
  const minIteration = raw.minIterationDuration;
  return {
    noSetup: flag(raw, 'noSetup'),
    noTeardown: flag(raw, 'noTeardown'),
    noThresholds: flag(raw, 'noThresholds'),
    minIterationDurationMs: minIteration === undefined || minIteration === null ? 0 : parseDurationMs(minIteration, 'minIterationDuration'),
    summaryTimeUnit: unit as string,
    paused: flag(raw, 'paused'),
  };
}
