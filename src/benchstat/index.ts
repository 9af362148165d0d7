/** The benchstat port: Go benchmark text in, benchstat's text or CSV table out, byte for byte. */
export { runBenchstat, compareBenchstatFiles, benchstatByConfigKey, DEFAULT_BENCHSTAT_OPTIONS } from './benchstat.js';
export type { BenchstatFormat, BenchstatInput, BenchstatOutput } from './benchstat.js';
export type { BenchstatOptions, BenchTable } from './benchstat-tables.js';
export { parseBenchFile } from './benchstat-parse.js';
export type { BenchFile, BenchResult } from './benchstat-parse.js';
