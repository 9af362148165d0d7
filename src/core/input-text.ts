/**
 * Names an input file's text for what it is when it cannot be what a reader expects: an
 * empty file, one of only blank lines, a bare JSON value such as `null` — instead of a
 * parse error further in ("expected Go benchmark lines", "is the file truncated?"). And
 * strips the UTF-8 byte-order mark some Windows editors write, which JSON.parse and line
 * parsers would otherwise trip on.
 */

export const UTF8_BOM = '\ufeff';

/** `text` without a leading UTF-8 byte-order mark. */
export function withoutBom(text: string): string {
  return text.startsWith(UTF8_BOM) ? text.slice(1) : text;
}

/** Whitespace JSON allows between tokens, plus the other ASCII blanks a text file may hold. */
function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x0b || code === 0x0c;
}

/** True when the text has nothing but blanks (a check over the text, without copying it). */
export function isBlankText(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isBlank(text.charCodeAt(i))) return false;
  return true;
}

/** What a parsed JSON value is, for a message: `JSON null`, `a JSON array`, `the JSON number 3`. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'JSON null';
  if (Array.isArray(value)) return `a JSON array (${value.length} item${value.length === 1 ? '' : 's'})`;
  if (typeof value === 'string') return `a JSON string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'object') return 'a JSON object';
  return `the JSON ${typeof value} ${String(value)}`;
}

/**
 * Why `text` (BOM already removed) cannot hold `expected`, when the reason is that it holds
 * nothing or a bare JSON value; null otherwise (the caller's parser takes it from there).
 * @param expected what the reader wants, e.g. `a loadgate results file (a JSON object)`
 */
export function emptyOrBareValueProblem(text: string, expected: string): string | null {
  if (text.length === 0) return `file is empty; expected ${expected}`;
  if (isBlankText(text)) {
    let lines = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    return `file holds only blank lines (${lines} line break${lines === 1 ? '' : 's'}, no content); expected ${expected}`;
  }
  // A bare JSON scalar: short, so cheap to try.
  const trimmed = text.trim();
  if (trimmed.length <= 1024 && !trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      return `file contains ${describeJsonValue(value)}, not ${expected}`;
    } catch {
      return null;
    }
  }
  return null;
}
