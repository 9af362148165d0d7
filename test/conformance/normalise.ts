/**
 * Reads the log lines a user sees on stderr, in either of k6's formats, and removes what
 * differs from run to run (times, measured durations, the server's port, where the
 * script sits) so two runs compare line by line.
 *
 * k6 logs with logrus: logfmt (`time="…" level=warning msg="…" key=value`) when stderr is
 * not a terminal, as here; the terminal form (`WARN[0000] msg  key=value`) otherwise.
 */
import { SCRIPTS_DIR } from './paths.js';

export interface LogLine {
  /** debug | info | warn | error | fatal, or "raw" for a line in neither log format. */
  level: string;
  msg: string;
  fields: Record<string, string>;
}

const LOGFMT_LEVELS: Record<string, string> = { debug: 'debug', info: 'info', warning: 'warn', warn: 'warn', error: 'error', fatal: 'fatal', panic: 'fatal' };
const TERMINAL_LEVELS: Record<string, string> = { DEBU: 'debug', INFO: 'info', WARN: 'warn', ERRO: 'error', FATA: 'fatal', PANI: 'fatal' };
const TERMINAL_LINE = /^(DEBU|INFO|WARN|ERRO|FATA|PANI)\[\d+\] ?(.*)$/;
const LOGFMT_TOKEN = /\s*([\w.-]+)=("(?:[^"\\]|\\.)*"|\S*)/y;

function unquote(v: string): string {
  if (!v.startsWith('"')) return v;
  // Go's strconv.Quote escapes are JSON's plus \a \v \x..; the ones k6 messages use are JSON's.
  try {
    return JSON.parse(v) as string;
  } catch {
    return v.slice(1, -1);
  }
}

/** `time="…" level=… msg="…" k=v …` → pairs, or null when the line is not logfmt. */
function parseLogfmt(line: string): Record<string, string> | null {
  if (!/^time=\S+ level=/.test(line)) return null;
  const pairs: Record<string, string> = {};
  LOGFMT_TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (LOGFMT_TOKEN.lastIndex < line.length && (m = LOGFMT_TOKEN.exec(line))) pairs[m[1] as string] = unquote(m[2] as string);
  return pairs;
}

/** The terminal form's trailing fields follow the message after two or more spaces. */
function splitTerminal(rest: string): { msg: string; fields: Record<string, string> } {
  const m = /^(.*?) {2,}((?:[\w.-]+=(?:"(?:[^"\\]|\\.)*"|\S*)\s*)+)$/.exec(rest);
  if (!m) return { msg: rest, fields: {} };
  const fields: Record<string, string> = {};
  const tok = new RegExp(LOGFMT_TOKEN.source, 'y');
  let t: RegExpExecArray | null;
  const text = m[2] as string;
  while (tok.lastIndex < text.trimEnd().length && (t = tok.exec(text))) fields[t[1] as string] = unquote(t[2] as string);
  return { msg: m[1] as string, fields };
}

export interface NormaliseContext {
  baseUrl: string;
  workDir: string;
}

/** Removes what changes between runs from a message or field value. */
export function normaliseText(text: string, ctx: NormaliseContext): string {
  const port = new URL(ctx.baseUrl).port;
  return (
    text
      .split(ctx.baseUrl)
      .join('BASE_URL')
      .split(`127.0.0.1:${port}`)
      .join('127.0.0.1:PORT')
      .split(`file://${SCRIPTS_DIR}/`)
      .join('<scripts>/')
      .split(`${SCRIPTS_DIR}/`)
      .join('<scripts>/')
      .split(ctx.workDir)
      .join('<cwd>')
      // goja's program-counter after line:column in k6's stack frames says nothing to a user.
      .replace(/(:\d+:\d+)\(\d+\)/g, '$1')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<time>')
      // An HTTP Date header (http-debug dumps) and a request_id.
      .replace(/\b[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\b/g, '<http-date>')
      .replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '<uuid>')
      // Measured durations carry decimals; configured ones (1s, 700ms) do not.
      .replace(/\b\d+\.\d+(ns|µs|us|ms|s|m|h)\b/g, '<duration>')
      .replace(/(\n\t- [^\n]*)+/g, sortListLines)
      .trimEnd()
  );
}

/** k6 lists configuration errors ("\t- scenario x: …") in Go map order, which varies from run to run. */
function sortListLines(block: string): string {
  return block
    .split('\n')
    .filter(Boolean)
    .sort()
    .map((l) => `\n${l}`)
    .join('');
}

/**
 * The log lines on stderr, normalised, and which format they came in:
 * "logfmt", "terminal", "mixed", or "" when there were none.
 */
export function normaliseStderr(stderr: string, ctx: NormaliseContext): { lines: LogLine[]; format: string } {
  const lines: LogLine[] = [];
  let logfmt = 0;
  let terminal = 0;
  let last: LogLine | null = null;
  let lastWasTerminal = false;
  for (const raw of stderr.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    const pairs = parseLogfmt(raw);
    if (pairs) {
      logfmt++;
      const { time: _time, level, msg, ...fields } = pairs;
      last = { level: LOGFMT_LEVELS[level ?? ''] ?? `?${level}`, msg: msg ?? '', fields };
      lastWasTerminal = false;
      lines.push(last);
      continue;
    }
    const t = TERMINAL_LINE.exec(raw);
    if (t) {
      terminal++;
      const { msg, fields } = splitTerminal(t[2] as string);
      last = { level: TERMINAL_LEVELS[t[1] as string] as string, msg, fields };
      lastWasTerminal = true;
      lines.push(last);
      continue;
    }
    // A line in neither format after a terminal-format one continues its message (a stack trace, a code frame).
    if (last && lastWasTerminal) last.msg += `\n${raw}`;
    else {
      last = { level: 'raw', msg: raw, fields: {} };
      lastWasTerminal = false;
      lines.push(last);
    }
  }
  for (const l of lines) {
    l.msg = normaliseText(l.msg, ctx);
    for (const k of Object.keys(l.fields)) l.fields[k] = normaliseText(l.fields[k] as string, ctx);
  }
  const format = logfmt && terminal ? 'mixed' : logfmt ? 'logfmt' : terminal ? 'terminal' : '';
  return { lines, format };
}
