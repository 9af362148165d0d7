/** A script option k6 would reject (exit 104 "invalid config"); names the key and what is valid. */
export class InvalidOptionsError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`options.${key}: ${message}`);
    this.name = 'InvalidOptionsError';
  }
}
