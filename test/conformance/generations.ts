/**
 * Where k6 v2.2 and k6 v0.49 differ from each other on the same script, with what changed.
 * Checked whenever both generations run: a difference no entry explains, or an entry that
 * explains nothing any more, fails the test. The engine can match one side only; by default
 * it follows the current generation, and known-gaps.ts lists where it does not.
 */
import type { Point } from './observe.js';

/** As a known gap (known-gaps.ts), with items labelled `2.2 only:` / `0.49 only:` or `2.2: "<v>" 0.49: "<v>"`. */
export interface GenerationDifference {
  scripts: string[];
  point: Point;
  match?: RegExp;
  note: string;
}

export const GENERATION_DIFFERENCES: GenerationDifference[] = [
  ...(['exit', 'metrics', 'checks', 'counts', 'log'] as const).map(
    (point): GenerationDifference => ({
      scripts: ['typescript.ts'],
      point,
      note: 'k6 v2 runs TypeScript itself; v0.49 fails at the first type annotation (Babel: "interface is a reserved word in strict mode", exit 107)',
    }),
  ),
  {
    scripts: ['abort-test-abort.js', 'check-group.js', 'error-teardown.js', 'error-throw-in-default.js', 'error-throw-in-init.js', 'fail-in-setup.js', 'http-forms-json.js', 'open-missing-file.js', 'typescript-as-javascript.ts', 'ws-handler-throws.js', 'ws-in-init.js'],
    point: 'log',
    match: /^(2\.2|0\.49) only: error: .*(\\n\\tat | at (default \()?<scripts>\/)/,
    note: 'stack traces: v2 names every frame ("at default (file:line:col)"), v0.49 leaves the default function anonymous ("at file:line:col") and some columns one lower; v2 adds hint="script exception" to iteration errors and source="stacktrace" to setup/teardown/init ones; native frames moved to go.k6.io/k6/v2/internal/…',
  },
  ...(['exit', 'metrics', 'checks', 'counts', 'log'] as const).map(
    (point): GenerationDifference => ({
      scripts: ['timers-module.js'],
      point,
      note: 'k6/timers is new in v2 (v0.49 had k6/experimental/timers): v0.49 fails at the import ("GoError: unknown module: k6/timers", exit 107)',
    }),
  ),
  ...(['exit', 'metrics', 'checks', 'counts', 'log', 'logfmt'] as const).map(
    (point): GenerationDifference => ({
      scripts: ['error-retired-module.js'],
      point,
      note: 'v2 refuses the experimental modules it graduated or removed (k6/experimental/timers: "has been graduated, and it\'s now globally available…", exit 107); v0.49 runs them',
    }),
  ),
  ...(['metrics', 'counts', 'log'] as const).map(
    (point): GenerationDifference => ({
      scripts: ['timers.js', 'timers-interrupted.js'],
      point,
      note: 'v2 has setTimeout, setInterval and their clear functions as globals; v0.49 has none ("ReferenceError: setTimeout is not defined" in each iteration)',
    }),
  ),
  ...(['exit', 'log'] as const).map(
    (point): GenerationDifference => ({
      scripts: ['test-fail.js'],
      point,
      note: 'exec.test.fail() is new in k6 v0.52: v2 marks the run failed ("test marked as failed: …", then "test run was marked as failed", exit 110, over crossed thresholds); v0.49 has no such function, so its run ends on the thresholds (99)',
    }),
  ),
  {
    scripts: ['invalid-shortcut-stages.js'],
    point: 'log',
    match: /^(2\.2 only: error: using `duration` and `stages` options simultaneously is not allowed|0\.49 only: error: using multiple execution config shortcuts \(`duration` and `stages`\) simultaneously is not allowed)$/,
    note: 'conflicting execution shortcuts: the same refusal, reworded in v2',
  },
  {
    scripts: ['options-cli-stage.js'],
    point: 'log',
    match: /^2\.2 only: warn: "cli" level configuration overrode scenarios configuration entirely$/,
    note: "v2 warns when the CLI's execution flags replace the script's scenarios; v0.49 replaced them silently",
  },
  {
    scripts: ['require-outside-init.js'],
    point: 'log',
    match: /^(2\.2 only: error: GoError: the "require" function is only available in the init stage .*|0\.49 only: error: TypeError: Value is not an object: undefined\\n.*)$/,
    note: 'require() after the init context: v2 refuses it with a GoError through its require; v0.49 had removed require by then (calling undefined)',
  },
  {
    scripts: ['globals.js'],
    point: 'log',
    match: /^(2\.2|0\.49) only: info: process=undefined .* source="console"$/,
    note: 'v2 added globals v0.49 lacks: TextEncoder, TextDecoder, crypto (Web Crypto) and BigInt',
  },
  {
    scripts: ['console-levels.js'],
    point: 'log',
    match: /^(2\.2 only: info: (log line 1 \{ a: \[ 1, 2 \] \}|Error: as value|null undefined true \[ 1, "two" \])|0\.49 only: info: (log line 1 \{"a":\[1,2\]\}|\{\}|null undefined true \[1,"two"\])) source="console"$/,
    note: 'console.log formats objects like Node in v2 ({ a: [ 1, 2 ] }, Error: as value), as JSON in v0.49 ({"a":[1,2]}, {} for an Error)',
  },
  {
    scripts: ['error-bad-import.js'],
    point: 'log',
    match: /^(2\.2 only: error: could not initialize .*unknown modules \["k6\/nonexistent"\] were tried to be loaded.*|0\.49 only: error: GoError: unknown module: k6\/nonexistent\\n.*)$/,
    note: 'an unknown module: v2 refuses it while loading ("unknown modules [...] were tried to be loaded", and without K6_AUTO_EXTENSION_RESOLUTION=false first tries to build a binary over the network); v0.49 throws GoError at the import',
  },
  {
    scripts: ['error-syntax.js'],
    point: 'log',
    match: /^(2\.2 only: error: could not initialize .*Line 5:13 Unexpected token ; \(and 1 more errors\)|0\.49 only: error: SyntaxError: <scripts>\/error-syntax\.js: Unexpected token \(5:12\)\\n.*babel\.min\.js.*)$/,
    note: "a syntax error: v2 parses ES modules itself (\"Line 5:13 Unexpected token ;\"); v0.49 reports Babel's code frame and Babel's own stack",
  },
  {
    scripts: ['abort-in-setup.js', 'fail-in-setup.js'],
    point: 'metrics',
    match: /^0\.49 only: iteration_duration$/,
    note: 'v0.49 records a failed setup() as an iteration_duration sample; v2 does not',
  },
  {
    scripts: ['http-params.js'],
    point: 'checks',
    match: /^(2\.2 only: ::user agent is k6=0\/1|0\.49 only: ::user agent is k6=1\/0)$/,
    note: 'the default User-Agent no longer starts with "k6/" in v2',
  },
  {
    scripts: ['http-params.js'],
    point: 'counts',
    match: /^(2\.2 only: checks=5\/1|0\.49 only: checks=6\/0)$/,
    note: 'the User-Agent check (see checks)',
  },
  {
    scripts: ['http-params.js'],
    point: 'log',
    match: /^(2\.2 only: info: default User-Agent: Grafana k6\/X\.Y\.Z|0\.49 only: info: default User-Agent: k6\/X\.Y\.Z \(https:\/\/k6\.io\/\)) source="console"$/,
    note: 'the default User-Agent: v2 sends "Grafana k6/<version>", v0.49 "k6/<version> (https://k6.io/)"',
  },
  {
    scripts: ['http-redirects.js'],
    point: 'log',
    match: /^(2\.2 only: info: own Referer after two hops: http:\/\/example\.invalid\/mine|0\.49 only: info: own Referer after two hops: BASE_URL\/status\/302) source="console"$/,
    note: "a script's own Referer on a followed redirect: v2 keeps it on every hop (Go's client since 1.21), v0.49 replaces it with the previous URL",
  },
  {
    scripts: ['invalid-scenario-name.js'],
    point: 'log',
    match: /^(2\.2|0\.49) only: error: There were problems with the specified script configuration:\\n\\t- scenario two words has configuration errors: the (scenario|executor) name should contain only numbers, latin letters, underscores, and dashes$/,
    note: 'a scenario name k6 refuses: v2 says "the scenario name should contain only …", v0.49 "the executor name …"',
  },
  {
    scripts: [
      'invalid-executor.js',
      'invalid-unknown-field.js',
      'invalid-whole-number-bool.js',
      'invalid-whole-number-fraction.js',
      'invalid-whole-number-string.js',
      'invalid-option-type-null.js',
      'invalid-option-type-field.js',
      'invalid-option-type-custom.js',
      'invalid-option-type-duration.js',
      'invalid-duration-text.js',
      'invalid-blacklist-cidr.js',
      'invalid-host-pattern.js',
      'invalid-dns-fields.js',
    ],
    point: 'exit',
    match: /^2\.2: "104" 0\.49: "255"$/,
    note: 'an unknown executor or scenario field, a value of the wrong type, a bad CIDR or host pattern, a dns select or policy k6 does not have (k6 cannot load the script): v2 exits 104 (invalid configuration), v0.49 255',
  },
  {
    scripts: ['invalid-whole-number-fraction.js'],
    point: 'log',
    match: /^(2\.2 only: .*parsing options from script got error while parsing "\\"scenarios\\"": json: cannot unmarshal number 1\.5 into Go struct field Options\.scenarios\.vus of type int64|0\.49 only: .*: json: cannot unmarshal number 1\.5 into Go struct field Options\.scenarios of type int64)$/,
    note: "a fraction for a whole number: v2 quotes a stretch of the options JSON and names the field's whole path (Options.scenarios.vus), v0.49 only the top-level field",
  },
  {
    scripts: ['invalid-option-type-custom.js'],
    point: 'log',
    match: /^(2\.2 only: .*parsing options from script got error while parsing "\{": json: cannot unmarshal number into Go struct field Options\.hosts of type map\[string\]string|0\.49 only: .*: json: cannot unmarshal number into Go struct field Options\.hosts of type map\[string\]string)$/,
    note: 'a struct field of the wrong type: v2 first quotes the stretch of its options JSON where decoding stopped, v0.49 gives only Go\'s error',
  },
  {
    scripts: ['invalid-option-type-duration.js'],
    point: 'log',
    match: /^(2\.2 only: .*: '\[\\n {4}"1s"\\n {2}\]' is not a valid duration value|0\.49 only: .*: '\["1s"\]' is not a valid duration value)$/,
    note: 'a duration of the wrong type is quoted as each generation marshalled the options: indented (v2) or compact (v0.49)',
  },
  ...(['exit', 'metrics', 'checks', 'thresholds', 'log', 'logfmt'] as const).map(
    (point): GenerationDifference => ({
      scripts: ['thresholds-invalid-percentile.js'],
      point,
      note: 'p(101): v2 refuses it ("malformed percentile value, provide a number between 0 and 100", exit 104, no summary); v0.49 takes it and, with no samples, passes',
    }),
  ),
  {
    scripts: ['options-vus-only.js'],
    point: 'counts',
    match: /^(2\.2 only: iterations=3|0\.49 only: iterations=1)$/,
    note: '`vus: 3` alone: v2 runs one iteration per VU; v0.49 one iteration in all, with a warning',
  },
  {
    scripts: ['options-vus-only.js'],
    point: 'log',
    match: /^0\.49 only: warn: the `vus=3` option will be ignored, it only works in conjunction with `iterations`, `duration`, or `stages`$/,
    note: 'v0.49 warns that `vus` alone is ignored; v2 runs it',
  },
  {
    scripts: ['options-vus-only.js'],
    point: 'logfmt',
    match: /^2\.2: "" 0\.49: "logfmt"$/,
    note: "v0.49's `vus` warning is the only log line",
  },
  {
    scripts: ['http-debug.js'],
    point: 'log',
    match: /^(2\.2 only: info: Request:\\n[A-Z]+ \S+ HTTP\/1\.1\\nHost: [^\\]+\\nUser-Agent: Grafana k6\/2\.2\.0(\\n| )|0\.49 only: info: Request:\\n[A-Z]+ \S+ HTTP\/1\.1\\nHost: [^\\]+\\nUser-Agent: k6\/0\.49\.0 \(https:\/\/k6\.io\/\)(\\n| ))/,
    note: "the request dumps name each generation's default User-Agent; the rest of the dumps is the same",
  },
  {
    scripts: ['websockets-errors.js', 'websockets-session.js'],
    point: 'log',
    match: /^(2\.2 only: warn: k6\/experimental\/websockets is deprecated and will be removed in a future release\. Please use k6\/websockets instead\.|(2\.2|0\.49) only: info: (.*: )?(close (code,reason,)?(reason,)?target,timestamp,type code=\S+ reason=("[^"]*"|undefined) readyState=3|binaryType: GoError: .*|sent \[object Uint8Array\]|send \[object Uint8Array\]: GoError: unsupported send type \[\]uint8) source="console")$/,
    note: "k6's browser-like WebSocket: v2 warns that the experimental name is deprecated; v0.49's close events carry no code or reason, its binaryType is ArrayBuffer and not settable (v2: blob, settable to arraybuffer), and it sends no typed array",
  },
  {
    scripts: ['websockets-session.js'],
    point: 'checks',
    match: /^(2\.2 only: ::CONNECTING at first=2\/0|0\.49 only: ::CONNECTING at first=0\/2)$/,
    note: "v0.49's readyState is its Go enum boxed (typeof \"object\"): not === 0",
  },
  {
    scripts: ['websockets-session.js'],
    point: 'counts',
    match: /^(2\.2 only: checks=6\/0|0\.49 only: checks=4\/2)$/,
    note: "v0.49's readyState is its Go enum boxed (typeof \"object\"): not === 0",
  },
  {
    scripts: ['options-system-tags-no-check.js'],
    point: 'checks',
    match: /^0\.49 only: ::inner::ok=2\/0$/,
    note: "without the check and group tags, v2's summary (built from the samples' tags) names no check; v0.49's (its group tree) still lists it under its group",
  },
];
