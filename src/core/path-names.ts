/**
 * One rule for every name that becomes part of a path (a run id, a profile, an environment
 * fingerprint), and one check that every write stays under its directory. Results files travel
 * between machines (CI artifacts, a colleague's run): a `runId` of `../../x` must never decide
 * where loadgate writes. Names are checked where they enter (results reader, config, flags);
 * `pathUnder` checks again where they are used, so a name that slipped past cannot escape.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import { LoadgateError, ExitCode } from './errors.js';

/** Letters, digits, `.`, `_`, `-`; starting with a letter or digit; at most 128 characters. */
export const PATH_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** What would be valid, for error messages. */
export const PATH_NAME_RULE = "1–128 letters, digits, '.', '_' or '-', starting with a letter or digit";

/** Why `name` cannot be part of a path, or null when it can. */
export function pathNameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return `expected a string (${PATH_NAME_RULE})`;
  if (!PATH_NAME.test(name)) return `${JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name)} cannot be part of a file name; use ${PATH_NAME_RULE}`;
  return null;
}

/** A path that would leave the directory it was meant for. */
export class UnsafePathError extends LoadgateError {
  readonly code = 'E_UNSAFE_PATH';
  readonly exitCode = ExitCode.badInput;
  constructor(
    readonly dir: string,
    readonly parts: string[],
  ) {
    super(`refusing to write outside ${dir}: ${JSON.stringify(parts.join('/'))} would leave it (names in paths use ${PATH_NAME_RULE})`);
  }
}

/**
 * `dir` joined with `parts`, checked to resolve inside `dir` (not `dir` itself).
 * @throws UnsafePathError when the result would leave `dir`
 */
export function pathUnder(dir: string, ...parts: string[]): string {
  const path = join(dir, ...parts);
  const rel = relative(resolve(dir), resolve(path));
  if (rel === '' || rel === '..' || rel.startsWith('../') || rel.startsWith('..\\') || isAbsolute(rel) || parts.some((p) => p.includes('\0'))) {
    throw new UnsafePathError(dir, parts);
  }
  return path;
}
