/**
 * Reads what k6 prints: logfmt log lines on stderr (`time="…" level=error msg="…"`)
 * and the non-TTY progress lines on stdout (`running (01.0s), 05/10 VUs, 93 complete
 * and 0 interrupted iterations`).
 */
import type { EngineProgress } from '../../engine/index.js';

/** One k6 log record: its logfmt fields (`level`, `msg`, `error`, `hint`, `source`, …). */
export type K6LogRecord = Record<string, string>;

/**
 * Parses one logfmt line (`key=value key="quoted \"value\""`). Returns null for lines
 * that are not logfmt (Go panics, plain text), so callers can keep them verbatim.
 */
export function parseLogfmt(line: string): K6LogRecord | null {
  const record: K6LogRecord = {};
  const re = /\s*([A-Za-z_][\w.-]*)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/y;
  let pos = 0;
  while (pos < line.length) {
    re.lastIndex = pos;
    const m = re.exec(line);
    if (!m?.[1]) {
      if (line.slice(pos).trim() === '') break;
      return null;
    }
    record[m[1]] = m[2] !== undefined ? unescapeGo(m[2]) : (m[3] ?? '');
    pos = re.lastIndex;
  }
  return 'level' in record ? record : null;
}

function unescapeGo(s: string): string {
  return s.replace(/\\(["\\nrt])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

/**
 * The error line loadgate keeps for one stderr line, or null when it is not an error:
 * warnings and errors become `msg: error (hint: …)` on one line (the first line of a
 * multi-line message with its list items, e.g. a SyntaxError without its code frame and stack); info and
 * debug (the script's console.log) are dropped; non-logfmt text is kept as is.
 */
export function errorLineFromStderr(line: string): string | null {
  const text = line.trimEnd();
  if (text.trim() === '') return null;
  const record = parseLogfmt(text);
  if (!record) return text;
  if (record['level'] !== 'error' && record['level'] !== 'warning' && record['level'] !== 'fatal') return null;
  let out = headline(record['msg'] ?? '');
  if (record['error']) out += `: ${headline(record['error'])}`;
  if (record['hint']) out += ` (hint: ${record['hint']})`;
  return out || text;
}

/**
 * A message's first line, with the list items that follow it: k6 puts the reason of a
 * configuration error on its own lines (`There were problems with the specified script
 * configuration:\n\t- scenario x has configuration errors: …`), a SyntaxError its code frame.
 */
function headline(s: string): string {
  const [first = '', ...rest] = s.split('\n');
  const items = rest.map((l) => l.trim()).filter((l) => l.startsWith('- '));
  return [first.trim(), ...items].join(' ');
}

/**
 * Parses k6's progress line, printed about once a second when stdout is not a TTY
 * and `--quiet` is not given. Returns null for every other line.
 */
export function parseProgressLine(line: string): EngineProgress | null {
  const m = /^running \(([^)]+)\), (\d+)\/\d+ VUs, (\d+) complete and (\d+) interrupted iterations/.exec(line.trim());
  if (!m?.[1]) return null;
  const elapsedMs = parseK6Elapsed(m[1]);
  if (elapsedMs === null) return null;
  return { elapsedMs, vus: Number(m[2]), iterations: Number(m[3]), interruptedIterations: Number(m[4]) };
}

/** `01.0s`, `00m00.0s`, `1h02m03.0s` → milliseconds. */
export function parseK6Elapsed(text: string): number | null {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(\d+(?:\.\d+)?)s$/.exec(text.trim());
  if (!m) return null;
  return Math.round(((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3])) * 1000);
}
