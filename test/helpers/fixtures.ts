/**
 * Where the tests' fixtures live: real k6 v0.49.0 outputs and benchstat's test data (BSD
 * licence), copied into the repository (test/fixtures/README.md says what each file is), so
 * a clone anywhere has them.
 */
import { fileURLToPath } from 'node:url';

/** Real k6 v0.49.0 runs: scripts, handleSummary data, --out json points, stdout. */
export const K6_FIXTURES = fileURLToPath(new URL('../fixtures/k6-v0.49', import.meta.url));
/** golang.org/x/perf/cmd/benchstat's test data and real benchstat outputs. */
export const BENCHSTAT_FIXTURES = fileURLToPath(new URL('../fixtures/benchstat', import.meta.url));
