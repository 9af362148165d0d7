import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchstatByConfigKey, compareBenchstatFiles, runBenchstat } from '../../src/benchstat/benchstat.js';
import { parseBenchFile } from '../../src/benchstat/benchstat-parse.js';
import { commonScale, formatScaled, tidyUnit, unitClassOf } from '../../src/benchstat/benchstat-units.js';
import { formatFixedGo, formatFloatGo, formatSignedPercentGo } from '../../src/core/go-format.js';
import { geomean } from '../../src/benchstat/benchstat-tables.js';
import { goChoose } from '../../src/stats/go-math.js';
import { mannWhitneyU } from '../../src/stats/mann-whitney.js';
import { quantileCiOrders } from '../../src/stats/median-ci.js';
import { BENCHSTAT_FIXTURES } from '../helpers/fixtures.js';

const fixture = (name: string): string => readFileSync(join(BENCHSTAT_FIXTURES, name), 'utf8');

describe("benchstat's own test data, byte for byte", () => {
  it('benchstat old.txt new.txt', () => {
    expect(compareBenchstatFiles(fixture('old.txt'), fixture('new.txt'), 'text')).toBe(fixture('oldNew.stdout'));
  });
  it('benchstat -format csv old.txt new.txt: as the real binary prints it, rows not padded', () => {
    // csvOldNew.stdout is golang/perf's golden file, whose rows are padded with empty fields
    // (`,old.txt,,new.txt,,,`); benchstat 884df58 itself writes `,old.txt,,new.txt`.
    const csv = compareBenchstatFiles(fixture('old.txt'), fixture('new.txt'), 'csv');
    const padded = fixture('csvOldNew.stdout').split('\n');
    expect(csv.split('\n')).toEqual(padded.map((line) => line.replace(/,+$/, '')));
    expect(csv).toContain('\n,old.txt,,new.txt\n');
    expect(csv).toContain('\ngeomean,2.294891936453654e-06,,2.089754770302007e-06,,-8.94%\n');
  });
  it('benchstat -col note smallSample.txt (no CI, no test possible)', () => {
    expect(benchstatByConfigKey(fixture('smallSample.txt'), 'note')).toBe(fixture('smallSample.stdout'));
  });
  it('benchstat -col note zero.txt (assume=exact units, zero and near-zero values)', () => {
    expect(benchstatByConfigKey(fixture('zero.txt'), 'note')).toBe(fixture('zero.stdout'));
  });
});

describe('benchstat behaviour beyond the fixtures', () => {
  it('one input: a single column, no comparison', () => {
    const out = runBenchstat([{ label: 'new.txt', text: fixture('new.txt') }]).stdout;
    expect(out).toContain('│   new.txt   │');
    expect(out).not.toContain('vs base');
    expect(out).toContain('geomean');
  });
  it('different configs go to separate tables with their config lines, ordered by value (as benchproc sorts them)', () => {
    const a = 'goos: linux\nBenchmarkA 1 10 ns/op\n';
    const b = 'goos: darwin\nBenchmarkA 1 12 ns/op\n';
    const out = compareBenchstatFiles(a, b);
    expect(out.match(/^goos: .*/gm)).toEqual(['goos: darwin', 'goos: linux']);
    expect(out).toContain('\n\ngoos: linux\n');
  });
  it('CSV warnings come back separately with cell references', () => {
    const r = runBenchstat(
      [
        { label: 'a', text: 'BenchmarkX 1 100 ns/op\n' },
        { label: 'b', text: 'BenchmarkX 1 101 ns/op\n' },
      ],
      'csv',
    );
    expect(r.warnings).toContain('B3: need >= 6 samples for confidence interval at level 0.95');
    expect(r.warnings.some((w) => w.endsWith('need >= 4 samples to detect a difference at alpha level 0.05'))).toBe(true);
  });
  it('rejects alpha outside [0, 1]', () => {
    expect(() => runBenchstat([{ label: 'a', text: '' }], 'text', { alpha: 2 })).toThrow(/alpha must be in \[0, 1\]/);
  });
});

describe('parseBenchFile', () => {
  it('reads config, benchmark lines with several units, Unit metadata, and reports bad lines', () => {
    const f = parseBenchFile(
      'in.txt',
      [
        'goos: linux',
        'Unit B/op assume=exact',
        'BenchmarkFoo/sub=1-8   1000   1500 ns/op   64 B/op   3 allocs/op',
        'Benchmarkfoo 1 2 ns/op',
        'BenchmarkBar 10 notanumber ns/op',
        'goos:',
        'BenchmarkBaz 5 2 MB/s',
        'some other text: Not Config',
      ].join('\n'),
    );
    // Any line starting "Benchmark" is a benchmark line to benchfmt, lower-case name or not.
    expect(f.results.map((r) => r.name)).toEqual(['Foo/sub=1-8', 'foo', 'Baz']);
    const foo = f.results[0];
    expect(foo?.config.get('goos')).toBe('linux');
    expect(foo?.values.map((v) => v.unit)).toEqual(['sec/op', 'B/op', 'allocs/op']);
    expect(foo?.values[0]?.value).toBeCloseTo(1.5e-6, 20);
    expect(f.results[2]?.config.has('goos')).toBe(false);
    expect(f.results[2]?.values[0]).toMatchObject({ value: 2e6, unit: 'B/s' });
    expect(f.units.get('B/op')?.get('assume')).toBe('exact');
    expect(f.syntaxErrors).toEqual(['in.txt:5: parsing measurement: invalid syntax']);
    expect(f.problems).toEqual([{ line: 5, message: 'parsing measurement: invalid syntax', field: 'notanumber' }]);
  });
});

describe('units and Go number formatting', () => {
  it('tidies pre-scaled units and classifies byte units as binary', () => {
    expect(tidyUnit('ns/op')).toEqual({ unit: 'sec/op', factor: 1e-9 });
    expect(tidyUnit('ns/frame')).toEqual({ unit: 'sec/frame', factor: 1e-9 });
    expect(unitClassOf('a-bytes')).toBe('binary');
    expect(unitClassOf('B/op')).toBe('binary');
    expect(unitClassOf('ops/B')).toBe('decimal');
  });
  it('scales to >= 3 significant digits', () => {
    expect(formatScaled(1.718e-6, commonScale([1.718e-6, 1.4225e-6], 'decimal'))).toBe('1.718µ');
    expect(formatScaled(1234567890, commonScale([1234567890], 'binary'))).toBe('1.150Gi');
    expect(formatScaled(0, commonScale([0, 100], 'decimal'))).toBe('0.0');
    expect(formatScaled(0.5e-12, commonScale([0.5e-12], 'decimal'))).toBe('0.0005000n') // 4 significant digits below the smallest prefix;
  });
  it("rounds exact ties to even like Go's %.Nf and prints %v like Go", () => {
    expect(formatFixedGo(2.5, 0)).toBe('2');
    expect(formatFixedGo(3.5, 0)).toBe('4');
    expect(formatFixedGo(0.125, 2)).toBe('0.12');
    expect(formatFixedGo(1.005, 2)).toBe('1.00'); // 1.005 is 1.00499999… in binary
    expect(formatSignedPercentGo(-1e-9)).toBe('-0.00%');
    expect(formatSignedPercentGo(0)).toBe('+0.00%');
    expect(formatFloatGo(1.7180000000000001e-6)).toBe('1.7180000000000001e-06');
    expect(formatFloatGo(0.0001)).toBe('0.0001');
    expect(formatFloatGo(1e21)).toBe('1e+21');
    // Go's shortest %g switches to exponent form from 1e6, not from 1e21 as JavaScript does.
    expect(formatFloatGo(1234567)).toBe('1.234567e+06');
    expect(formatFloatGo(123456.5)).toBe('123456.5');
    expect(formatFloatGo(3.3e9)).toBe('3.3e+09');
    expect(formatFloatGo(100)).toBe('100');
  });
});

describe('bit-for-bit arithmetic of benchstat (issue 13)', () => {
  const recorded = (name: string, format: 'text' | 'csv'): string => {
    const cases = JSON.parse(readFileSync(join(BENCHSTAT_FIXTURES, '..', 'benchstat-differential', 'cases.json'), 'utf8')) as Array<{ name: string; text: { stdout: string }; csv: { stdout: string } }>;
    return (cases.find((c) => c.name === name) as { text: { stdout: string }; csv: { stdout: string } })[format].stdout;
  };

  it("geomean: Go's log and exp, not JavaScript's, give benchstat's last digits", () => {
    const xs = [1008e-9, 1500e-9, 3070e-9];
    // Real benchstat's CSV geomean for these three centers (the recorded case geomean-last-digits).
    const real = /\ngeomean,[^,]*,,([^,]*),/.exec(recorded('geomean-last-digits', 'csv'))?.[1];
    expect(formatFloatGo(geomean(xs))).toBe(real);
    let m = 0;
    xs.forEach((x, i) => (m += (Math.log(x) - m) / (i + 1)));
    expect(formatFloatGo(Math.exp(m))).not.toBe(real); // what the port printed before
  });

  it('median CI at n = 24: go-moremath\'s PMF is not symmetric there and the interval widens to the larger side', () => {
    expect(quantileCiOrders(24, 0.5, 0.95)).toMatchObject({ loOrder: 8, hiOrder: 18 });
    // C(24, k) and C(24, 24−k) differ in the last bit above n = 20.
    expect(goChoose(24, 7)).not.toBe(goChoose(24, 17));
    expect(recorded('median-ci-n24-widens-to-larger-side', 'text')).toContain('112.5n ± 5%');
    const out = runBenchstat([
      { label: 'old.txt', text: [10, 20, 30, 40, 50, 60, 70, ...Array.from({ length: 17 }, (_, i) => 108 + i)].map((v) => `BenchmarkSort 1 ${v} ns/op`).join('\n') },
    ]).stdout;
    expect(out).toContain('112.5n ± 5%'); // [x(7), x(18)] would say ± 38%
  });

  it("U test: p depends on the argument order under lopsided ties, as in benchstat (kept, documented)", () => {
    const few = [76, 93];
    const many = Array.from({ length: 24 }, () => 76);
    expect(mannWhitneyU(few, many, { benchstat: true }).p).toBeCloseTo(24 / 13, 12); // prints p=1.846
    expect(mannWhitneyU(many, few, { benchstat: true }).p).toBeCloseTo(2 / 13, 12); // prints p=0.154
    expect(recorded('u-test-lopsided-ties', 'text')).toContain('p=1.846 n=2+24');
    expect(recorded('u-test-lopsided-ties-swapped', 'text')).toContain('p=0.154 n=24+2');
    // Without the benchstat option p stays within [0, 1].
    expect(mannWhitneyU(few, many).p).toBe(1);
  });

  it('U test far in the normal tail: 1 − Φ(z) rounds to 0 and benchstat prints no p', () => {
    const a = Array.from({ length: 51 }, () => 1223);
    const b = Array.from({ length: 51 }, () => 994);
    expect(mannWhitneyU(a, b, { benchstat: true }).p).toBe(0);
    expect(mannWhitneyU(a, b).p).toBeGreaterThan(0);
    expect(compareBenchstatFiles(a.map((v) => `BenchmarkH 1 ${v} B/op`).join('\n'), b.map((v) => `BenchmarkH 1 ${v} B/op`).join('\n'))).toContain('-18.72% (n=51)');
  });

  it('identical samples: "all samples are equal", p = 1', () => {
    const text = 'BenchmarkS 1 3 allocs/op\n'.repeat(8);
    expect(compareBenchstatFiles(text, text)).toContain('~ (p=1.000 n=8) ¹\n¹ all samples are equal\n');
  });

  it('a zero keeps its unit when tidied (benchfmt), so `0 ns/op` goes to an ns/op table', () => {
    const out = runBenchstat([{ label: 'a', text: 'BenchmarkZ 1 0 ns/op\nBenchmarkZ 1 5 ns/op\n' }]).stdout;
    expect(out.match(/│ +(ns\/op|sec\/op) +│/g)).toEqual(['│    ns/op    │', '│    sec/op    │']);
  });
});

describe("the reader's edges, as benchfmt reads them", () => {
  it('skips bare benchmark names (go test -v), reads signs, hex floats and digit separators, reports overflow', () => {
    const f = parseBenchFile('x', 'BenchmarkA\nBenchmarkA +10 1_000 ns/op\nBenchmarkB 1 0x1p3 ns/op\nBenchmarkC 1 1e400 ns/op\n');
    expect(f.results.map((r) => [r.name, r.iterations, r.values[0]?.origValue])).toEqual([
      ['A', 10, 1000],
      ['B', 1, 8],
    ]);
    expect(f.syntaxErrors).toEqual(['x:4: parsing measurement: value out of range']);
  });
  it('a deleted config key gives its slot to the last key (header order), and values keep trailing spaces', () => {
    const f = parseBenchFile('x', 'a: 1\nb: 2\nc: 3 \na:\nBenchmarkX 1 1 ns/op\n');
    expect([...(f.results[0]?.config ?? new Map())]).toEqual([
      ['c', '3 '],
      ['b', '2'],
    ]);
  });
  it('skips a UTF-8 byte-order mark (benchstat would drop the whole first line)', () => {
    const f = parseBenchFile('x', '\ufeffgoos: linux\nBenchmarkA 1 1 ns/op\n');
    expect(f.results[0]?.config.get('goos')).toBe('linux');
  });
});
