/**
 * Go benchmark inputs for the benchstat differential test: hand-made cases, each aimed at
 * one way loadgate's port once differed from real benchstat, and seeded random pairs.
 * test/fixtures/benchstat-differential/cases.json holds these inputs with what real
 * benchstat printed for them, so byte-identity is tested where benchstat is not installed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCHSTAT_FIXTURES } from './fixtures.js';
import { randomGoBenchPair } from './go-bench-random.js';

export interface BenchstatCase {
  name: string;
  old: string;
  new: string;
}

const lines = (name: string, unit: string, values: readonly number[]): string =>
  values.map((v) => `Benchmark${name} 1000 ${v} ${unit}`).join('\n');

const repeat = (value: number, n: number): number[] => Array.from({ length: n }, () => value);

/** Cases written by hand; each names what it pins down. */
export function handMadeCases(): BenchstatCase[] {
  const testdata = (file: string): string => readFileSync(join(BENCHSTAT_FIXTURES, file), 'utf8');
  // 24 samples whose 7th value is far below the 8th: benchstat's interval is [x(8), x(18)]
  // (go-moremath's PMF is not exactly symmetric at n = 24), a symmetric PMF gives [x(7), x(18)].
  const n24 = [10, 20, 30, 40, 50, 60, 70, ...Array.from({ length: 17 }, (_, i) => 108 + i)];
  return [
    { name: 'csv-header-and-rows-unpadded', old: testdata('old.txt'), new: testdata('new.txt') },
    { name: 'median-ci-n24-widens-to-larger-side', old: lines('Sort', 'ns/op', n24), new: lines('Sort', 'ns/op', n24.map((v) => v + 1)) },
    {
      name: 'geomean-last-digits',
      old: ['BenchmarkA 1 1000 ns/op', 'BenchmarkB 1 1500 ns/op', 'BenchmarkC 1 3070 ns/op'].join('\n'),
      new: ['BenchmarkA 1 1008 ns/op', 'BenchmarkB 1 1500 ns/op', 'BenchmarkC 1 3070 ns/op'].join('\n'),
    },
    // U test with lopsided ties: p depends on which side is first (p = 1.846 one way).
    { name: 'u-test-lopsided-ties', old: lines('Encode', 'B/op', [76, 93]), new: lines('Encode', 'B/op', repeat(76, 24)) },
    { name: 'u-test-lopsided-ties-swapped', old: lines('Encode', 'B/op', repeat(76, 24)), new: lines('Encode', 'B/op', [76, 93]) },
    // Normal approximation far in the tail: 1 − Φ(z) rounds to 0, so no p is printed.
    { name: 'u-test-normal-tail-zero', old: lines('Hash', 'B/op', repeat(1223, 51)), new: lines('Hash', 'B/op', repeat(994, 51)) },
    { name: 'all-samples-equal', old: lines('Same', 'allocs/op', repeat(3, 8)), new: lines('Same', 'allocs/op', repeat(3, 8)) },
    // Zero keeps its unit (ns/op) when tidied, so it gets a table of its own.
    { name: 'zero-ns-op-own-table', old: lines('Z', 'ns/op', [0, 0, 5, 6, 7, 8]), new: lines('Z', 'ns/op', [0, 4, 5, 6, 7, 9]) },
    // Config values order tables alphabetically, not by appearance.
    {
      name: 'config-values-alphabetical',
      old: 'goos: linux\nBenchmarkA 1 10 ns/op\ngoos: darwin\nBenchmarkA 1 12 ns/op\n',
      new: 'goos: linux\nBenchmarkA 1 11 ns/op\ngoos: darwin\nBenchmarkA 1 13 ns/op\n',
    },
    // `go test -v` prints bare names; lower-case names, signs, hex and underscores are read as Go reads them.
    {
      name: 'reader-edge-lines',
      old: 'BenchmarkA\nBenchmarkA 10 1_000 ns/op\nBenchmarklower +5 0x1p3 ns/op\nBenchmarkB 5\nBenchmarkC x 1 ns/op\nUnit\nUnit B/op assume\ngoarch:amd64\n',
      new: 'BenchmarkA 10 1100 ns/op\r\nBenchmarklower 5 9 ns/op\r\nkey: value with trailing space \r\nBenchmarkD 1 1e400 ns/op\n',
    },
    // %v prints large and small values in exponent form from 1e6 and below 1e-4.
    { name: 'csv-exponent-form', old: lines('Big', 'B/s', [1234567, 2345678, 3456789, 4567891, 5678912, 6789123]), new: lines('Big', 'B/s', [1e5, 2e5, 3e5, 4e5, 5e5, 6e5]) },
    { name: 'exact-unit-with-spread', old: `Unit B/op assume=exact\n${lines('E', 'B/op', [64, 64, 80])}`, new: lines('E', 'B/op', [64, 64, 64]) },
  ];
}

/** Seeds of the random pairs recorded in the fixture file. */
export const RECORDED_SEEDS = Array.from({ length: 40 }, (_, i) => 1 + i);

/** Hand-made cases and the recorded random pairs, in the fixture file's order. */
export function recordedCases(): BenchstatCase[] {
  return [...handMadeCases(), ...RECORDED_SEEDS.map((seed) => ({ name: `random-${seed}`, ...randomGoBenchPair(seed) }))];
}
