import { defineConfig } from 'vitest/config';

/**
 * Test files that measure nothing and leave nothing behind in their process: they compute, or
 * start processes and servers only to check answers, exit codes and files, never a duration, a
 * rate or a count a slower machine would change, and they restore what they change
 * (process.env, spies). They run first, one after another in one shared process: loading
 * loadgate's modules once instead of once per file saves about a quarter of their time (160 s
 * to 120 s on two cores). Running them two at a time instead saved nothing there (183 s):
 * each file's start-up already keeps both cores busy. Anything else, and any new file, runs in
 * the `load` group, one file at a time, each in a fresh process.
 */
const SHARED_PROCESS = [
  'test/architecture/**/*.test.ts',
  'test/benchstat/**/*.test.ts',
  'test/bundle/**/*.test.ts',
  'test/compare/**/*.test.ts',
  'test/config/**/*.test.ts',
  'test/gate/**/*.test.ts',
  'test/k8s/**/*.test.ts',
  'test/report/{confirmation-report,expected-change-report,format,pr-comment,render,scenario-charts,with-compare}.test.ts',
  'test/results/{detect-input-whitespace,importers,metric-values,results-json-messages,results-store}.test.ts',
  'test/stats/**/*.test.ts',
  'test/target/**/*.test.ts',
  'test/workflows/**/*.test.ts',
  'test/bisect/{from-gate,from-trend,range,report,search,sequences}.test.ts',
  'test/history/**/*.test.ts',
  'test/core/**/*.test.ts',
  'test/cli/{exit-codes,huge-inputs,output-dirs,profile-names,report-sign-off,lazy-commands}.test.ts',
  'test/runner/{proc-stat,k6-binary-find,k6-binary-output,k6-env-options,k6-config-file}.test.ts',
  'test/engine/tls.test.ts',
  'test/engine/{awaited-each,http-debug,local-ips,dns-resolver,execution-segments-arithmetic,go-option-types,io-reply-codec,k6-go-base64,k6-html-go-url,k6-percentile,k6-threshold-parse,options-messages,recording-histogram,setup-data,text-summary,time-series}.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    // A machine-readable tally for CI (scripts/test-tally.mjs prints the closing line).
    outputFile: { json: '.loadgate/vitest-results.json' },
    // Its schema JSON is imported without an import attribute, which plain Node ESM refuses.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    projects: [
      {
        extends: true,
        test: { name: 'shared-process', include: SHARED_PROCESS, sequence: { groupOrder: 0 }, fileParallelism: false, isolate: false, restoreMocks: true, unstubEnvs: true },
      },
      {
        extends: true,
        // Load tests share two cores: running files in parallel would make them measure each other.
        // They start once the group above has finished.
        test: { name: 'load', include: ['test/**/*.test.ts'], exclude: SHARED_PROCESS, sequence: { groupOrder: 1 }, fileParallelism: false },
      },
    ],
  },
});
