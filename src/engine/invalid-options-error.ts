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

/** An option error told in k6's own words, as k6 prints it (no `options.<key>:` prefix). */
export class K6WordedOptionsError extends InvalidOptionsError {
  constructor(key: string, k6Message: string) {
    super(key, k6Message);
    this.name = 'K6WordedOptionsError';
    this.message = k6Message;
  }
}

/**
 * A script option k6 refuses while loading the script, before its configuration check: an
 * unknown executor type, an unknown scenario field (Go's JSON decoding). k6 says
 * `could not initialize '<script>': could not load JS test '<url>': <reason>` and exits 104
 * (v0.49: 255). `reason` is k6's own text.
 */
export class ScriptLoadOptionsError extends InvalidOptionsError {
  constructor(
    key: string,
    message: string,
    readonly reason: string,
  ) {
    super(key, message);
    this.name = 'ScriptLoadOptionsError';
  }
}
