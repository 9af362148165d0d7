/**
 * Go's time.ParseDuration: which strings it takes (`1h2m`, `1.5s`, `-300ms`, `2µs`, `0`) and its
 * error for the rest, word for word (`time: invalid duration "x"`, `time: missing unit in
 * duration "1.5s2"`, `time: unknown unit "x" in duration "1x"`), since k6 prints it as it is.
 */
import { goQuote } from './go-quote.js';

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
/** Go's Duration is an int64 of nanoseconds. */
const MAX_NS = 9223372036854775807;

export type GoDurationResult = { ok: true; ms: number } | { ok: false; error: string };

export function goParseDuration(text: string): GoDurationResult {
  const invalid = (): GoDurationResult => ({ ok: false, error: `time: invalid duration ${goQuote(text)}` });
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ms: 0 };
  if (s === '') return invalid();
  let totalNs = 0;
  while (s !== '') {
    const m = /^([0-9]*)(\.([0-9]*))?/.exec(s) as RegExpExecArray;
    const whole = m[1] as string;
    const frac = m[3] ?? '';
    if (whole === '' && frac === '') return invalid();
    s = s.slice(m[0].length);
    const unitMatch = /^[^0-9.]*/.exec(s) as RegExpExecArray;
    const unit = unitMatch[0];
    if (unit === '') return { ok: false, error: `time: missing unit in duration ${goQuote(text)}` };
    const perUnit = UNIT_NS[unit];
    if (perUnit === undefined) return { ok: false, error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}` };
    s = s.slice(unit.length);
    totalNs += Number(`${whole || '0'}.${frac || '0'}`) * perUnit;
    if (totalNs > MAX_NS) return invalid();
  }
  return { ok: true, ms: (sign * totalNs) / 1e6 };
}

/**
 * k6's types.ParseExtendedDuration, how k6 reads a duration option's text: a whole number is
 * milliseconds, `Nd` leads days (`2d`, `1d12h`), the rest is Go's time.ParseDuration, with its
 * errors (`time: unknown unit "x" in duration "1x"` for `1d1x`).
 */
export function parseK6Duration(text: string): GoDurationResult {
  if (/^[+-]?\d+$/.test(text)) {
    const ms = Number(text);
    return Number.isSafeInteger(ms) ? { ok: true, ms } : goParseDuration(text);
  }
  const dPos = text.indexOf('d');
  if (dPos < 0) return goParseDuration(text);
  let restMs = 0;
  if (dPos + 1 < text.length) {
    const rest = goParseDuration(text.slice(dPos + 1));
    if (!rest.ok) return rest;
    if (rest.ms < 0) return { ok: false, error: `invalid time format '${text.slice(dPos + 1)}'` };
    restMs = rest.ms;
  }
  const daysText = text.slice(0, dPos);
  if (!/^[+-]?\d+$/.test(daysText)) return { ok: false, error: `strconv.ParseInt: parsing ${goQuote(daysText)}: invalid syntax` };
  const days = Number(daysText);
  return { ok: true, ms: days * 86_400_000 + (days < 0 || daysText.startsWith('-') ? -restMs : restMs) };
}
