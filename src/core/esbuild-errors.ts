import { relative, resolve } from 'node:path';
import type { Message } from 'esbuild';

/** Where an esbuild message points, counted as editors and tsc count (line and column from 1). */
export interface EsbuildLocation {
  /** Relative to the root given, when there is one. */
  file: string;
  line: number;
  column: number;
  /** esbuild's own 0-based byte column, for callers that map it to characters themselves. */
  byteColumn: number;
}

/** The first error of a failed esbuild call, the way every loadgate message shows one. */
export interface EsbuildFailure {
  /** The message, with " (and N more errors)" when esbuild found several. */
  text: string;
  location?: EsbuildLocation;
}

/** The location of an esbuild message; `root` makes the file relative to it. */
export function esbuildLocation(m: Message, root?: string): EsbuildLocation | undefined {
  const loc = m.location;
  if (!loc) return undefined;
  const file = root === undefined ? loc.file : relative(root, resolve(root, loc.file)) || loc.file;
  // esbuild columns are 0-based; editors and tsc count from 1.
  return { file, line: loc.line, column: loc.column + 1, byteColumn: loc.column };
}

/** `file:line:col: text` (or the text alone) for a message: warnings and errors alike. */
export function formatEsbuildMessage(m: Message, root?: string): string {
  const at = esbuildLocation(m, root);
  return at ? `${at.file}:${at.line}:${at.column}: ${m.text}` : m.text;
}

/** The first error of what an esbuild build threw, or undefined when it is not an esbuild failure. */
export function firstEsbuildError(err: unknown, root?: string): EsbuildFailure | undefined {
  const errors = (err as { errors?: Message[] } | null)?.errors;
  const first = errors?.[0];
  if (!first) return undefined;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  const location = esbuildLocation(first, root);
  return { text: first.text + more, ...(location && { location }) };
}
