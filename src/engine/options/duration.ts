import { parseK6Duration } from '../../core/go-parse-duration.js';
import { InvalidOptionsError } from '../invalid-options-error.js';

/**
 * Parses a k6 duration option (`'30s'`, `'1m30s'`, `'2d'`, `'1500'` = 1500 ms, as k6's
 * ParseExtendedDuration reads text) or a number of milliseconds into milliseconds; throws
 * InvalidOptionsError naming `key` for anything else, a negative value included.
 */
export function parseDurationMs(value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const parsed = parseK6Duration(value);
    if (parsed.ok && parsed.ms >= 0) return parsed.ms;
  }
  throw new InvalidOptionsError(key, `invalid duration ${JSON.stringify(value)}; use a duration like "30s", "1m30s", "500ms" or "2h"`);
}

/**
 * Like parseDurationMs but a leading sign is allowed (Go's time.ParseDuration, k6's scenario
 * durations): k6 reports a negative startTime or stage duration as a configuration error
 * rather than as unparseable, so the value has to get that far.
 */
export function parseSignedDurationMs(value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const m = /^\s*([-+])(.*)$/.exec(value);
    if (m) {
      const ms = parseDurationMs(m[2], key);
      return m[1] === '-' ? -ms : ms;
    }
  }
  return parseDurationMs(value, key);
}

const GO_UNITS: [string, number][] = [
  ['h', 3_600_000_000_000],
  ['m', 60_000_000_000],
];

/**
 * Milliseconds as Go prints a time.Duration (k6's error messages): "0s", "700ms", "1.5ms",
 * "250µs", "1s", "1m30s", "1h0m0s". Rounded to whole nanoseconds as Go's Duration is.
 */
export function formatGoDuration(ms: number): string {
  let ns = Math.round(ms * 1e6);
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  ns = Math.abs(ns);
  if (ns < 1000) return `${sign}${ns}ns`;
  if (ns < 1_000_000) return `${sign}${fraction(ns, 1000)}µs`;
  if (ns < 1_000_000_000) return `${sign}${fraction(ns, 1_000_000)}ms`;
  let out = '';
  let rest = ns;
  let started = false;
  for (const [unit, size] of GO_UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0 || started) {
      out += `${n}${unit}`;
      started = true;
    }
    rest -= n * size;
  }
  return `${sign}${out}${fraction(rest, 1_000_000_000)}s`;
}

/** `value / unit` with the fraction's trailing zeros dropped, as Go's fmtFrac does. */
function fraction(value: number, unit: number): string {
  const whole = Math.floor(value / unit);
  const frac = value - whole * unit;
  if (frac === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
}
