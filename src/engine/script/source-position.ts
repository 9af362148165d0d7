/**
 * Maps positions in the compiled script back to the user's source (through the
 * composed source map) so errors name `file:line:col` the user can open.
 */
import { SourceMap } from 'node:module';
import type { SourceMapJson } from './compiled-script.js';

export interface OriginalPosition {
  /** Absolute path of the original source file. */
  source: string;
  /** 1-based. */
  line: number;
  /** 0-based, in UTF-16 units. */
  column0: number;
}

export class SourcePositionMapper {
  private readonly map: SourceMap | undefined;
  private readonly sources: string[];
  private readonly sourcesContent: Array<string | null> | undefined;

  constructor(
    /** The file name the compiled code was compiled under (appears in stack traces). */
    readonly compiledFilename: string,
    sourceMap: SourceMapJson | undefined,
  ) {
    this.map = sourceMap ? new SourceMap(sourceMap as never) : undefined;
    this.sources = (sourceMap?.sources ?? []).map((s) => s.replace(/^file:\/\//, ''));
    this.sourcesContent = sourceMap?.sourcesContent;
  }

  /** A position in the compiled code (1-based line, 0-based column) → the original one, when the map has it. */
  lookup(line: number, column0: number): OriginalPosition | undefined {
    if (!this.map) return undefined;
    const entry = this.map.findEntry(line - 1, column0) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry || entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    return { source: entry.originalSource.replace(/^file:\/\//, ''), line: entry.originalLine + 1, column0: entry.originalColumn ?? 0 };
  }

  /** The text of an original source file, from the map's sourcesContent. */
  sourceText(source: string): string | undefined {
    const i = this.sources.indexOf(source);
    const text = i >= 0 ? this.sourcesContent?.[i] : undefined;
    return typeof text === 'string' ? text : undefined;
  }

  /** 1-based line and column in the compiled code → `file:line:col` in the original source. */
  map1(line: number, column: number): string {
    if (!this.map) return `${this.compiledFilename}:${line}:${column}`;
    const entry = this.map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry || entry.originalSource === undefined || entry.originalLine === undefined) {
      return `${this.compiledFilename}:${line}:${column}`;
    }
    return `${entry.originalSource.replace(/^file:\/\//, '')}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  }

  /** The first stack frame inside the script, mapped; undefined when the error did not come from it. */
  locate(err: unknown): string | undefined {
    const stack = typeof (err as Error)?.stack === 'string' ? (err as Error).stack as string : '';
    const needle = `${this.compiledFilename}:`;
    for (const line of stack.split('\n')) {
      const at = line.indexOf(needle);
      if (at < 0) continue;
      const m = /^(\d+):(\d+)/.exec(line.slice(at + needle.length));
      if (m) return this.map1(Number(m[1]), Number(m[2]));
    }
    return undefined;
  }

  /** One line: `Error: message at file:line:col` (k6 prints the JS exception and where it happened). */
  describe(err: unknown): string {
    const e = err as Error;
    const text = e instanceof Error ? `${e.name === 'Error' ? 'Error' : e.name}: ${e.message}` : `Uncaught (in promise) ${String(err)}`;
    const where = this.locate(err);
    return where ? `${text} at ${where}` : text;
  }
}
