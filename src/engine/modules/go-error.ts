/**
 * An error raised by one of k6's own (Go) functions: goja hands it to the script as a
 * `GoError`, and k6 prints it so (`GoError: metrics must be declared in the init context`).
 */
export class GoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoError';
  }
}
