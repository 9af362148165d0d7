/**
 * A VU thread's script exceptions as k6 logs them: the message with goja's stack
 * (script/k6-stack.ts) and the fields k6 adds (`executor`, `scenario`, `source=stacktrace`,
 * and on current k6 `hint="script exception"`).
 */
import type { K6Compat } from '../k6-compat.js';
import type { K6LogEntry } from '../output/k6-log.js';
import { k6ErrorHeadline, k6Frames, k6NativeNames, k6StackMessage, type K6StackContext } from '../script/k6-stack.js';
import type { SourcePositionMapper } from '../script/source-position.js';
import type { CompiledScript } from '../script/compiled-script.js';
import { thrownCallSites } from './thrown-values.js';

export class K6ErrorReport {
  private readonly ctx: K6StackContext;

  constructor(
    script: CompiledScript,
    mapper: SourcePositionMapper,
    private readonly compat: K6Compat,
  ) {
    this.ctx = {
      mapper,
      code: script.code,
      compat,
      entryFile: script.filename,
      entryIsJavaScript: script.entryIsJavaScript === true,
      generatedDefaultName: script.errorSites?.generatedDefaultName,
      nativeNames: k6NativeNames(compat),
    };
  }

  /** The stack frames k6 would print for a thrown value (none for a non-error thrown in an async function). */
  frames(err: unknown): string[] {
    const sites = thrownCallSites(err);
    return sites ? k6Frames(sites, this.ctx) : [];
  }

  /**
   * An exception that ended an iteration: `scenario` and `executor` name where it ran. k6 reports
   * a rejected promise as `Uncaught (in promise) …`, with the stack only when it holds an error.
   */
  iterationError(err: unknown, inPromise: boolean, scenario: { name: string; executor: string } | undefined): K6LogEntry {
    const where: Record<string, string> = scenario ? { executor: scenario.executor, scenario: scenario.name } : {};
    if (inPromise) return { level: 'error', msg: `Uncaught (in promise) ${this.message(err, isErrorLike(err))}`, fields: where };
    // k6 v0.49 gave an iteration's exception no hint, and setup()'s no source.
    const extra: Record<string, string> = this.compat === 'v0.49' ? { source: 'stacktrace' } : { hint: 'script exception', source: 'stacktrace' };
    return { level: 'error', msg: this.message(err, true), fields: { ...where, ...extra } };
  }

  /** An exception in the init context, setup(), teardown() or handleSummary(). */
  lifecycleError(err: unknown): K6LogEntry {
    return { level: 'error', msg: this.message(err, true), fields: this.exceptionFields() };
  }

  /** Where exec.test.abort() was called, as k6 appends it to `test aborted: …` (`default (file:///…:7:20)`). */
  abortLocation(err: unknown): string | undefined {
    return this.frames(err)[0];
  }

  private message(err: unknown, withStack: boolean): string {
    const headline = k6ErrorHeadline(err);
    // An error raised outside any JavaScript frame (modules/go-error.ts framelessGoError): goja
    // still ends its text with the line break that would lead its stack.
    if (withStack && thrownCallSites(err)?.length === 0) return `${headline}\n`;
    return k6StackMessage(headline, withStack ? this.frames(err) : []);
  }

  private exceptionFields(): Record<string, string> {
    return this.compat === 'v0.49' ? { hint: 'script exception' } : { hint: 'script exception', source: 'stacktrace' };
  }
}

function isErrorLike(value: unknown): boolean {
  return value instanceof Error || (value !== null && typeof value === 'object' && 'stack' in value && 'message' in value);
}
