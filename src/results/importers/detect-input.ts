/**
 * Tells what a results file is by its content, not its name: gzip magic bytes or a
 * first line that is a k6 `{"type":"Metric"|"Point"}` record → k6 JSON lines; a JSON
 * object → loadgate results (`schema`, `scenarios`), k6 handleSummary data (`metrics`
 * entries with `type` and `values`), k6 summary-export (flat `metrics` entries) or
 * autocannon (`latency`, `requests`); anything else → Go benchmark text.
 */
import { open, readFile } from 'node:fs/promises';
import { InputFileError } from '../../core/errors.js';
import { emptyOrBareValueProblem, withoutBom } from '../../core/input-text.js';
import type { InputKind } from './imported.js';

/** What `compare` and `merge` read, for messages about files that hold none of it. */
const EXPECTED_INPUT = 'a loadgate results file, k6 handleSummary/--summary-export/--out json output, autocannon --json output or Go benchmark text';

/** Bytes read to recognise line-oriented files, which may be too large to read whole. */
const HEAD_BYTES = 64 * 1024;

export type DetectedInput =
  | { kind: 'k6-json-lines'; gzip: boolean }
  | { kind: Exclude<InputKind, 'k6-json-lines' | 'go-bench'>; data: Record<string, unknown> }
  | { kind: 'go-bench'; text: string };

async function readHead(file: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } catch (err) {
    throw new InputFileError(file, '', `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  } finally {
    await handle?.close();
  }
}

function isK6Record(line: string): boolean {
  try {
    const r = JSON.parse(line) as { type?: unknown };
    return r?.type === 'Metric' || r?.type === 'Point';
  } catch {
    return false;
  }
}

/** JSON.parse with the failing line in the error. */
export function parseJsonNamingLine(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    // Only an end of input is a sign of truncation; V8 gives no position for an unexpected
    // token, and guessing the last line (as this once did) misleads.
    if (/end of JSON input/.test(message)) {
      throw new InputFileError(file, '', `not valid JSON: it ends early at line ${text.split('\n').length} (${message}); is the file truncated?`);
    }
    const at = pos ? Number(pos[1]) : -1;
    const where = at >= 0 ? ` at line ${text.slice(0, at).split('\n').length}` : '';
    const truncated = at >= text.trimEnd().length ? '; is the file truncated?' : '';
    throw new InputFileError(file, '', `not valid JSON${where} (${message.length > 200 ? `${message.slice(0, 200)}…` : message})${truncated}`);
  }
}

function classifyJson(file: string, data: unknown): DetectedInput {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputFileError(file, '', 'expected a JSON object: a loadgate results file, k6 handleSummary data, k6 --summary-export or autocannon --json output');
  }
  const d = data as Record<string, unknown>;
  if ('schema' in d && 'scenarios' in d) return { kind: 'loadgate', data: d };
  if (typeof d.latency === 'object' && typeof d.requests === 'object') return { kind: 'autocannon', data: d };
  if (typeof d.metrics === 'object' && d.metrics !== null) {
    const first = Object.values(d.metrics as Record<string, unknown>)[0] as Record<string, unknown> | undefined;
    const shaped = first !== undefined && typeof first === 'object' && first !== null && 'type' in first && 'values' in first;
    return { kind: shaped ? 'k6-handle-summary' : 'k6-summary-export', data: d };
  }
  throw new InputFileError(file, '', `unrecognised JSON (keys: ${Object.keys(d).slice(0, 8).join(', ')}); expected a loadgate results file, k6 handleSummary data, k6 --summary-export or autocannon --json output`);
}

/** Reads just enough of `file` to know its kind (JSON and text files are read whole; JSON lines are left for streaming). */
export async function detectInput(file: string): Promise<DetectedInput> {
  const head = await readHead(file);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return { kind: 'k6-json-lines', gzip: true };
  const start = withoutBom(head.toString('utf8')).trimStart();
  const firstLine = start.split('\n', 1)[0] ?? '';
  if (start.startsWith('{') && isK6Record(firstLine)) return { kind: 'k6-json-lines', gzip: false };
  // A byte-order mark is not content: JSON.parse would reject it, benchstat would drop line 1.
  const text = withoutBom(await readFile(file, 'utf8'));
  const problem = emptyOrBareValueProblem(text, EXPECTED_INPUT);
  if (problem) throw new InputFileError(file, '', problem);
  // The first character that is not blank, looked up in the whole text: a head of only
  // whitespace (more than HEAD_BYTES of it before the JSON) says nothing about the kind.
  const first = start.length > 0 ? start[0] : text[firstNonBlank(text)];
  if (first === '{' || first === '[') return classifyJson(file, parseJsonNamingLine(file, text));
  return { kind: 'go-bench', text };
}

/** Index of the first character of `text` that is not JSON whitespace (text.length when none). */
function firstNonBlank(text: string): number {
  let i = 0;
  while (i < text.length && /[ \t\r\n\v\f]/.test(text[i]!)) i++;
  return i;
}
