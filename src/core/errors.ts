/**
 * Every error loadgate raises on purpose. Each has a stable `code` (for tests and
 * tooling) and the CLI exit code it maps to (ARCHITECTURE.md, "Exit codes").
 * Library code throws these; only the CLI turns them into an exit.
 */

/** CLI exit codes shared by every command except `run`/`k6 run`, which use k6's. */
export const ExitCode = {
  /** Everything passed. */
  ok: 0,
  /** The gate failed: a significant regression or a failed threshold. */
  gateFailed: 1,
  /** Bad usage, config, scenario or input file. */
  badInput: 2,
  /** No baseline to compare with, when one is required. */
  noBaseline: 3,
  /** The measurement itself failed (target unreachable, engine crash). */
  measurementFailed: 4,
  /**
   * Inconclusive: the numbers cannot say whether the code changed. The machine changed under a
   * comparison of stored numbers (the canary moved), or the load generator was the bottleneck.
   */
  inconclusive: 5,
  /** `loadgate bisect`: the ends were measured and the bad end is not slower than the good one (no regression to find). */
  noRegression: 6,
} as const;

/** k6's own exit codes, which `loadgate run` and `loadgate k6 run` keep. */
export const K6ExitCode = {
  ok: 0,
  thresholdsCrossed: 99,
  /** setup() outlived options.setupTimeout. */
  setupTimeout: 100,
  /** teardown() outlived options.teardownTimeout. */
  teardownTimeout: 101,
  invalidConfig: 104,
  /** Stopped from outside: Ctrl-C or SIGTERM (k6 cmd/exitcodes ExternalAbort). */
  externalAbort: 105,
  scriptException: 107,
  aborted: 108,
  /** exec.test.fail() was called (k6 v0.52+): the test ran to its end, then failed. */
  markedAsFailed: 110,
  /** k6's generic error (Go's os.Exit(-1)): usage errors, an unknown flag, a script file that does not exist. */
  usage: 255,
} as const;

export abstract class LoadgateError extends Error {
  abstract readonly code: string;
  abstract readonly exitCode: number;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A CLI flag or argument that cannot be used as given. */
export class UsageError extends LoadgateError {
  readonly code = 'E_USAGE';
  readonly exitCode = ExitCode.badInput;
}

/** `loadgate k6 run` used wrongly: exits 255 as `k6 run` does for its usage errors. */
export class K6UsageError extends LoadgateError {
  readonly code = 'E_K6_USAGE';
  readonly exitCode = K6ExitCode.usage;
}

/** loadgate.config.ts (or a profile or scenario entry in it) is invalid. */
export class ConfigError extends LoadgateError {
  readonly code = 'E_CONFIG';
  readonly exitCode = ExitCode.badInput;
  /** @param key dotted path of the offending key, e.g. `scenarios.baseline.thresholds` */
  constructor(
    readonly file: string,
    readonly key: string,
    message: string,
  ) {
    super(`${file}: ${key ? `${key}: ` : ''}${message}`);
  }
}

/** A results, baseline or foreign input file that cannot be read as what it claims to be. */
export class InputFileError extends LoadgateError {
  readonly code = 'E_INPUT_FILE';
  readonly exitCode = ExitCode.badInput;
  /** @param where a line number (`line 12`) or a key path (`scenarios[0].repetitions`) */
  constructor(
    readonly file: string,
    readonly where: string,
    message: string,
  ) {
    super(`${file}${where ? ` (${where})` : ''}: ${message}`);
  }
}

/** A threshold expression outside k6's grammar. */
export class ThresholdSyntaxError extends LoadgateError {
  readonly code = 'E_THRESHOLD_SYNTAX';
  readonly exitCode = ExitCode.badInput;
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(`invalid threshold "${expression}": ${message}`);
  }
}

/** A scenario that does not bundle (TypeScript/esbuild error, forbidden import). */
export class BundleError extends LoadgateError {
  readonly code = 'E_BUNDLE';
  readonly exitCode = ExitCode.badInput;
  constructor(
    readonly file: string,
    message: string,
    readonly location?: { line: number; column: number },
  ) {
    super(location ? `${file}:${location.line}:${location.column}: ${message}` : `${file}: ${message}`);
  }
}

/** A scenario script that fails to load or throws outside an iteration. */
export class ScriptError extends LoadgateError {
  readonly code = 'E_SCRIPT';
  readonly exitCode = ExitCode.badInput;
  /** @param location `file:line:col` in the user's source when known */
  constructor(
    message: string,
    readonly location?: string,
  ) {
    super(location ? `${location}: ${message}` : message);
  }
}

/** A directory loadgate must write into (results, reports, history) cannot be written; found before any load. */
export class OutputDirError extends LoadgateError {
  readonly code = 'E_OUTPUT_DIR';
  readonly exitCode = ExitCode.badInput;
  constructor(
    readonly dir: string,
    readonly what: string,
    message: string,
  ) {
    super(`${what} ${dir}: ${message}; nothing was measured or written`);
  }
}

/** No baseline exists for the profile and environment, and one was required. */
export class NoBaselineError extends LoadgateError {
  readonly code = 'E_NO_BASELINE';
  readonly exitCode = ExitCode.noBaseline;
}

/** The measurement could not be made: target down, engine crashed, run interrupted. */
export class MeasurementError extends LoadgateError {
  readonly code = 'E_MEASUREMENT';
  readonly exitCode = ExitCode.measurementFailed;
}

/** `--base-ref` cannot be used as given: not a git checkout, an unknown ref, uncommitted changes. */
export class BaseRefError extends LoadgateError {
  readonly code = 'E_BASE_REF';
  readonly exitCode = ExitCode.badInput;
}

/** `loadgate bisect` cannot search as asked: an unknown ref, good == bad, good not an ancestor of bad, a dirty tree. */
export class BisectError extends LoadgateError {
  readonly code = 'E_BISECT';
  readonly exitCode = ExitCode.badInput;
}

/** The base checkout's build step failed; the message ends with the tail of its log. */
export class BaseBuildError extends LoadgateError {
  readonly code = 'E_BASE_BUILD';
  readonly exitCode = ExitCode.measurementFailed;
  constructor(
    readonly logFile: string,
    message: string,
  ) {
    super(message);
  }
}

/** Refused to overwrite something the user stored. */
export class WouldOverwriteError extends LoadgateError {
  readonly code = 'E_WOULD_OVERWRITE';
  readonly exitCode = ExitCode.badInput;
  constructor(readonly file: string, hint: string) {
    super(`${file} already exists; ${hint}`);
  }
}

/** A report template that ships with loadgate cannot be found: the installation is broken. */
export class ReportTemplateError extends LoadgateError {
  readonly code = 'E_REPORT_TEMPLATE';
  readonly exitCode = ExitCode.badInput;
  constructor(readonly template: string, searched: string[]) {
    super(`report template ${template} not found (looked in ${searched.join(', ')}); reinstall loadgate or rebuild it`);
  }
}
