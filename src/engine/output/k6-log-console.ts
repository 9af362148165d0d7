/**
 * `loadgate k6 run`'s log lines on stderr, as k6 prints them: logfmt when stderr is not a
 * terminal (or colour is off: --no-color, NO_COLOR), else k6's coloured terminal lines.
 * console.debug lines only with --verbose; the error that ends the run is held back until
 * the end-of-test summary has been printed, where k6 prints it.
 */
import { format } from 'node:util';
import type { EngineConsole } from '../types.js';
import { formatJson, formatLogfmt, formatRaw, formatTerminal, type K6LogEntry } from './k6-log.js';

export interface K6LogConsole {
  console: EngineConsole;
  /** Logs one line now. */
  write(entry: K6LogEntry): void;
  /** Prints the lines held back until the summary (call after printing it). */
  flushFinal(): void;
  /** Whether the engine stopped forwarding failed-request warnings. */
  suppressed(): boolean;
  /** Runs before every line is written (progress bars drawn on the same terminal clear themselves). */
  beforeWrite(hook: () => void): void;
}

export interface K6LogConsoleOptions {
  /** k6 --no-color. */
  noColor?: boolean;
  /** @default process.stderr */
  stream?: NodeJS.WriteStream;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** k6 --log-format: json or raw; anything else is k6's default (logfmt, or its terminal lines). */
  format?: string;
  /** k6 --console-output: the script's console lines go here (a line each, logfmt without `source`), not to the log. */
  consoleOutput?: (line: string) => void;
  /** Texts shown as others in every line, in order (a script read from stdin runs from a temp file; k6 names it file:///-). */
  aliases?: Array<{ from: string; to: string }>;
}

export function k6LogConsole(options: K6LogConsoleOptions = {}): K6LogConsole {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const terminal = stream.isTTY === true && !options.noColor && env.NO_COLOR === undefined;
  const started = Date.now();
  const held: K6LogEntry[] = [];
  let suppressed = false;
  let before = (): void => {};
  const aliases = options.aliases ?? [];
  const shown = aliases.length ? (text: string): string => aliases.reduce((t, a) => t.split(a.from).join(a.to), text) : undefined;
  const write = (original: K6LogEntry): void => {
    const entry = shown ? { ...original, msg: shown(original.msg), fields: original.fields && Object.fromEntries(Object.entries(original.fields).map(([k, v]) => [k, shown(v)])) } : original;
    before();
    const now = new Date();
    let line: string;
    if (options.format === 'json') line = formatJson(entry, now);
    else if (options.format === 'raw') line = formatRaw(entry);
    else line = terminal ? formatTerminal(entry, (now.getTime() - started) / 1000) : formatLogfmt(entry, now);
    writeLines(stream, `${line}\n`);
  };
  const entry = (e: K6LogEntry): void => {
    if (options.consoleOutput && e.fields?.source === 'console') {
      const { source: _, ...fields } = e.fields;
      options.consoleOutput(`${formatLogfmt({ ...e, fields }, new Date())}\n`);
      return;
    }
    if (e.msg.startsWith('(further warnings suppressed')) suppressed = true;
    if (e.final) held.push(e);
    else write(e);
  };
  return {
    console: {
      log: (...a) => entry({ level: 'info', msg: format(...a) }),
      warn: (...a) => entry({ level: 'warning', msg: format(...a) }),
      error: (...a) => entry({ level: 'error', msg: format(...a) }),
      entry,
    },
    write,
    flushFinal: () => {
      for (const e of held.splice(0)) write(e);
    },
    suppressed: () => suppressed,
    beforeWrite: (hook) => {
      before = hook;
    },
  };
}

/**
 * Text as k6 writes it: on a terminal its writer erases the rest of each line (`\x1b[0K`)
 * before the newline, so nothing of what was drawn there (progress bars) is left behind.
 */
export function writeLines(stream: NodeJS.WriteStream, text: string): void {
  stream.write(stream.isTTY === true ? text.replace(/\n/g, '\x1b[0K\n') : text);
}
