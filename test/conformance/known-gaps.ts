/**
 * Where the embedded engine and real k6 are known to differ, one entry per cause with its
 * reason. The conformance test fails on any difference no entry explains AND on an entry
 * that explains nothing any more (the engine started to agree: take the script out of the
 * entry, or the entry out), so this file stays the true list of what is left to fix.
 *
 * `k6`: the generations the engine differs from ("2.2" = the k6 found on K6_PATH/PATH,
 * "0.49" = LOADGATE_K6_V049). The engine is run with --compat naming the generation it is
 * compared with (v2 for 2.2, v0.49 for 0.49); where the two generations differ from each
 * other (generations.ts) an entry for one generation says the engine does not follow it there.
 */
import type { Point } from './observe.js';

export type K6Generation = '2.2' | '0.49';

/**
 * A difference shows as items (harness.ts differenceItems): `k6 only: <x>` / `engine only: <x>`
 * for list points (metric names, checks, counts, thresholds, log lines, stdout lines),
 * `k6: "<v>" engine: "<v>"` for single values (exit code, log format). An entry explains the
 * items of `point` that `match` matches (all of them without `match`) for each of `scripts`
 * against each of `k6`. In log items a message's line breaks and tabs show as \n and \t.
 */
export interface KnownGap {
  scripts: string[];
  point: Point;
  k6: K6Generation[];
  match?: RegExp;
  reason: string;
}

const BOTH: K6Generation[] = ['2.2', '0.49'];

export const KNOWN_GAPS: KnownGap[] = [
  // --- a TypeScript script under k6 v0.49 ---
  ...(['exit', 'metrics', 'checks', 'counts', 'log', 'summary'] as const).map(
    (point): KnownGap => ({
      scripts: ['typescript.ts'],
      point,
      k6: ['0.49'],
      reason: 'k6 v0.49 cannot run TypeScript (Babel stops at the first type: exit 107); the engine bundles .ts under --compat v0.49 too and runs it as k6 v2 does',
    }),
  ),

  // --- summary-export: metric names ---

  // --- exit codes ---

  // --- checks and counts ---

  // --- what a user sees on stderr ---
  {
    scripts: ['error-syntax.js'],
    point: 'log',
    k6: BOTH,
    match: /^(k6 only: error: could not initialize '<scripts>\/error-syntax\.js': could not load JS test '<scripts>\/error-syntax\.js': <scripts>\/error-syntax\.js: Line 5:13 Unexpected token ; \(and 1 more errors\)|engine only: error: could not initialize '<scripts>\/error-syntax\.js': could not load JS test '<scripts>\/error-syntax\.js': <scripts>\/error-syntax\.js: Line 5:13 Unexpected token ;|k6 only: error: SyntaxError: <scripts>\/error-syntax\.js: Unexpected token \(5:12\)\\n.*\\n\\tat <internal\/k6\/compiler\/lib\/babel\.min\.js>.*|engine only: error: SyntaxError: <scripts>\/error-syntax\.js: Unexpected token \(5:12\)\\n(?!.*babel).*)$/,
    reason: 'a syntax error: the engine gives k6\'s line in both generations\' words, less what only their parsers know: k6 v2 (goja) adds "(and N more errors)", the count its error recovery found; v0.49 appends Babel\'s internal stack (<internal/k6/compiler/lib/babel.min.js> frames)',
  },
];
