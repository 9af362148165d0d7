/**
 * The history store: `<dir>/<profile>.ndjson`, one line per run, append-only.
 *
 * Two runs may append at the same time (two scheduled jobs on one runner, a run and a
 * manual append). Safety comes from two layers:
 * - a lock file `<profile>.ndjson.lock` created with `open(..., 'wx')` (O_EXCL): only
 *   one writer at a time checks for duplicates, repairs, and appends;
 * - the append itself is ONE `write()` on a descriptor opened with O_APPEND, so the
 *   kernel places it at the current end of file even if a writer ignored the lock.
 *   A line can be longer than PIPE_BUF (4096 B: ~6 scenarios × 6 metrics × 10 samples),
 *   so O_APPEND alone would not be enough on every filesystem — hence the lock.
 * A writer that crashes mid-write leaves a line without its newline; the next writer
 * (holding the lock) cuts that partial line off before appending, and readers skip a
 * partial last line with a warning.
 *
 * Why not temp file + rename like every other file: rename replaces the file, so two
 * writers that each read-modify-rename would lose one run; appending never rewrites
 * lines that are already there.
 */
import { measurementProblems } from '../compare/measurement.js';
import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputFileError, UsageError } from '../core/errors.js';
import type { ResultsFile } from '../results/results.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';
import { historyRecordOf, historyRecordProblem, type HistoryRecord } from './history-record.js';
import { pathNameProblem, pathUnder } from '../core/path-names.js';
import { mkdirLevels } from '../core/output-dir.js';
import { isBlankText, withoutBom } from '../core/input-text.js';

/** `<dir>/<profile>.ndjson`; the profile must be a plain file-name-safe word. */
export function historyFile(dir: string, profile: string): string {
  const problem = pathNameProblem(profile);
  if (problem) throw new UsageError(`profile: ${problem}`);
  return pathUnder(dir, `${profile}.ndjson`);
}

export interface AppendedHistory {
  file: string;
  record: HistoryRecord;
  /** false when a line with this run id was already there (appending is idempotent). */
  appended: boolean;
  /** Set when a crashed writer's partial last line was cut off first. */
  repaired?: string;
}

/** Splits file text into complete lines and a trailing partial line ('' when the text ends with a newline). */
function splitLines(text: string): { lines: string[]; partial: string } {
  const end = text.lastIndexOf('\n');
  return { lines: end < 0 ? [] : text.slice(0, end).split('\n'), partial: text.slice(end + 1) };
}

function hasRunId(lines: string[], runId: string): boolean {
  return lines.some((line) => {
    try {
      return (JSON.parse(line) as { runId?: unknown }).runId === runId;
    } catch {
      return false;
    }
  });
}

/**
 * Appends one line for `results` to `<dir>/<profile>.ndjson` (created if needed), under
 * a lock, in one O_APPEND write. Only complete runs belong in history.
 * @throws UsageError for a run that is not a complete measurement (compare/measurement.ts)
 */
export async function appendHistory(dir: string, results: ResultsFile, lock: FileLockOptions = {}): Promise<AppendedHistory> {
  const problems = measurementProblems(results);
  if (problems.length > 0) {
    throw new UsageError(`run ${results.runId} is not a complete measurement (${problems.map((p) => p.text).join('; ')}); it is not added to history`);
  }
  const file = historyFile(dir, results.profile);
  const record = historyRecordOf(results);
  const line = `${JSON.stringify(record)}\n`;
  await mkdirLevels(dir);
  return withFileLock(`${file}.lock`, async () => {
    const handle = await open(file, 'a+');
    try {
      const { lines, partial } = splitLines(await handle.readFile('utf8'));
      let repaired: string | undefined;
      if (partial.length > 0) {
        const keep = Buffer.byteLength(lines.length > 0 ? `${lines.join('\n')}\n` : '', 'utf8');
        await handle.truncate(keep);
        repaired = `${file}:${lines.length + 1}: removed a partial line (${Buffer.byteLength(partial, 'utf8')} bytes) left by an interrupted writer`;
      }
      if (hasRunId(lines, results.runId)) return { file, record, appended: false, ...(repaired && { repaired }) };
      // 'a+' opens with O_APPEND: this write lands at the end of the file whatever the offset.
      await handle.write(line);
      await handle.datasync();
      return { file, record, appended: true, ...(repaired && { repaired }) };
    } finally {
      await handle.close();
    }
  }, lock);
}

export interface HistoryRead {
  file: string;
  /** Runs in file (append) order. */
  records: HistoryRecord[];
  /** E.g. "history/weekly.ndjson:12: last line is incomplete (…); ignored". */
  warnings: string[];
}

/**
 * Reads `<dir>/<profile>.ndjson`. A missing file is an empty history. A partial last
 * line (a writer interrupted mid-append) is skipped with a warning naming file:line;
 * any other bad line is an InputFileError naming file and line.
 */
export async function readHistory(dir: string, profile: string): Promise<HistoryRead> {
  const file = historyFile(dir, profile);
  if (!existsSync(file)) return { file, records: [], warnings: [] };
  const records: HistoryRecord[] = [];
  const warnings: string[] = [];
  let lineNo = 0;
  const partial = await forEachLine(file, (line) => {
    lineNo++;
    if (isBlankText(line)) return;
    const record = parseLine(line, file, lineNo);
    if (record.profile !== profile) {
      throw new InputFileError(file, `line ${lineNo}`, `run ${record.runId} is of profile "${record.profile}", not "${profile}"; history files hold one profile each`);
    }
    records.push(record);
  });
  if (!isBlankText(partial)) {
    warnings.push(`${file}:${lineNo + 1}: last line is incomplete (${partial.length} characters, no newline; an interrupted append?); ignored`);
  }
  return { file, records, warnings };
}

/**
 * Streams `file` as UTF-8 and calls `onLine` for each complete (newline-terminated) line, without
 * holding the file in memory: a 20 MB file of blank lines costs one read buffer, not an array of
 * millions of strings. A leading UTF-8 byte-order mark is skipped.
 * @returns the text after the last newline ('' when the file ends with one): a partial line
 */
async function forEachLine(file: string, onLine: (line: string) => void): Promise<string> {
  let carry = '';
  let first = true;
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    let text = carry + (first ? withoutBom(chunk as string) : (chunk as string));
    first = false;
    let at = 0;
    for (let nl = text.indexOf('\n', at); nl !== -1; nl = text.indexOf('\n', at)) {
      onLine(text.slice(at, nl));
      at = nl + 1;
    }
    carry = text.slice(at);
    text = '';
  }
  return carry;
}

function parseLine(line: string, file: string, lineNo: number): HistoryRecord {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (err) {
    throw new InputFileError(file, `line ${lineNo}`, `not valid JSON (${(err as Error).message}); each line must be one run`);
  }
  const problem = historyRecordProblem(data);
  if (problem) throw new InputFileError(file, `line ${lineNo}`, problem);
  return data as HistoryRecord;
}

/** One past value of one metric, from the history store, for the sign-off trend. */
export interface TrendPoint {
  runId: string;
  /** ISO 8601 time of the run. */
  createdAt: string;
  scenario: string;
  /** Metric selector, e.g. `http_req_duration`. */
  metric: string;
  /** Summary stat, e.g. `p(95)`. */
  stat: string;
  value: number;
  /** Display unit, e.g. `ms`. @default '' */
  unit?: string;
}

/** History as the report's TrendPoint list (for `loadgate report --sign-off`), oldest first. */
export function historyToTrendPoints(records: HistoryRecord[]): TrendPoint[] {
  return [...records]
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .flatMap((r) =>
      r.metrics.map((m) => ({ runId: r.runId, createdAt: r.createdAt, scenario: m.scenario, metric: m.metric, stat: m.stat, value: m.center, unit: m.unit })),
    );
}
