/**
 * An HTTP error answer of the target: status plus the `{error: {code, message, field?}}` body.
 * Handlers throw it; the server turns it into the response. Kept apart from core/errors.ts
 * because it never leaves the server: it is a response, not a loadgate failure.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The offending field or query parameter, e.g. `records[3].cost_cents`. */
    readonly field?: string,
    /** Extra response headers (e.g. `Allow` on a 405). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** The JSON body of this error. */
  toJson(): string {
    const error: Record<string, string> = { code: this.code, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    return JSON.stringify({ error });
  }
}

/** A 400 for a body or query value outside what the endpoint accepts. */
export function validationError(field: string, message: string, code = 'E_VALIDATION'): HttpError {
  return new HttpError(400, code, `${field} ${message}`, field);
}
