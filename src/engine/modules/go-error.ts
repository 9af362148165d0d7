/**
 * An error raised by one of k6's own (Go) functions: goja hands it to the script as a
 * `GoError`, and k6 prints it so (`GoError: metrics must be declared in the init context`).
 * `e.value` carries the Go error's own value where k6 exposes one (a number for base64's
 * CorruptInputError).
 */
export class GoError extends Error {
  constructor(
    message: string,
    readonly value: unknown = {},
  ) {
    super(message);
  }
}
/** A GoError k6 raises outside any JavaScript frame (while it links the script's modules): printed without a stack. */
export function framelessGoError(message: string): GoError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GoError(message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// On the prototype, so the stack V8 captures in the constructor already says GoError.
Object.defineProperty(GoError.prototype, 'name', { value: 'GoError', writable: true, configurable: true });
