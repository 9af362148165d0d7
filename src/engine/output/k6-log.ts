/**
 * k6's log lines, as its logger (logrus' TextFormatter) prints them on stderr: logfmt
 * (`time="…" level=info msg="…" source=console`) when stderr is not a terminal or colour
 * is off, else `INFO[0003] message…  source=console` with the level in colour and the
 * message padded to 44 characters. The data fields follow in key order.
 */
import { goQuote } from '../../core/go-quote.js';


export type K6LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface K6LogEntry {
  level: K6LogLevel;
  msg: string;
  /** logrus data fields (`source=console`, `executor=…`, `hint=…`). */
  fields?: Record<string, string>;
  /**
   * k6 logs this when the test run has ended, after the end-of-test summary (the error
   * that ends `k6 run`: an abort, crossed thresholds, a setup() exception).
   */
  final?: boolean;
}

/** The console.* method → k6's level (console.log is info; console.debug shows only with --verbose). */
export const CONSOLE_LEVELS: Record<'log' | 'info' | 'warn' | 'error' | 'debug', K6LogLevel> = {
  log: 'info',
  info: 'info',
  warn: 'warning',
  error: 'error',
  debug: 'debug',
};

/** One logfmt line (without the newline); `now` is the entry's time. */
export function formatLogfmt(entry: K6LogEntry, now: Date): string {
  let out = `time=${logfmtValue(rfc3339Local(now))} level=${entry.level}`;
  // logrus leaves out an empty message.
  if (entry.msg !== '') out += ` msg=${logfmtValue(entry.msg)}`;
  for (const [k, v] of sortedFields(entry.fields)) out += ` ${k}=${logfmtValue(v)}`;
  return out;
}

/**
 * One line of k6's `--log-format json` (logrus' JSONFormatter): every field, level, msg and time
 * as one object, keys sorted, in Go's JSON (`<`, `>`, `&` escaped as \u003c, \u003e, \u0026).
 */
export function formatJson(entry: K6LogEntry, now: Date): string {
  const all: Record<string, string> = { ...entry.fields, level: entry.level, msg: entry.msg, time: rfc3339Local(now) };
  const body = sortedFields(all)
    .map(([k, v]) => `${goJson(k)}:${goJson(v)}`)
    .join(',');
  return `{${body}}`;
}

/** `--log-format raw`: the message alone. */
export function formatRaw(entry: K6LogEntry): string {
  return entry.msg;
}

function goJson(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const LEVEL_COLORS: Record<K6LogLevel, number> = { debug: 37, info: 36, warning: 33, error: 31 };

/** One terminal line (may span lines when the message does); `elapsedS` is seconds since k6 started. */
export function formatTerminal(entry: K6LogEntry, elapsedS: number): string {
  const color = LEVEL_COLORS[entry.level];
  const level = entry.level.toUpperCase().slice(0, 4);
  // logrus trims one trailing newline of the message (k6's stack traces end with one).
  const msg = entry.msg.endsWith('\n') ? entry.msg.slice(0, -1) : entry.msg;
  let out = `\x1b[${color}m${level}\x1b[0m[${String(Math.floor(elapsedS)).padStart(4, '0')}] ${msg.padEnd(44)} `;
  for (const [k, v] of sortedFields(entry.fields)) out += ` \x1b[${color}m${k}\x1b[0m=${logfmtValue(v)}`;
  return out;
}

function sortedFields(fields: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(fields ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** logrus quotes a value unless every character is one of [A-Za-z0-9-._/@^+]; an empty one too. */
export function logfmtValue(v: string): string {
  // logrus quotes neither a plain word nor an empty value (`group=` at the root group).
  return /^[A-Za-z0-9\-._/@^+]*$/.test(v) ? v : goQuote(v);
}

/** Go's time.RFC3339 in the local time zone (`2026-12-05T04:58:36Z`, `…T05:58:36+01:00`). */
export function rfc3339Local(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const offsetMin = -d.getTimezoneOffset();
  const zone = offsetMin === 0 ? 'Z' : `${offsetMin > 0 ? '+' : '-'}${p(Math.floor(Math.abs(offsetMin) / 60))}:${p(Math.abs(offsetMin) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${zone}`;
}

/**
 * A warning the engine reports as a plain text line (`Request Failed: <error>`), as k6 logs it:
 * `msg="Request Failed" error="…"`.
 */
export function entryFromWarningText(text: string): K6LogEntry {
  const failed = /^Request Failed: ([\s\S]*)$/.exec(text);
  if (failed) return { level: 'warning', msg: 'Request Failed', fields: { error: failed[1] as string } };
  return { level: 'warning', msg: text };
}
