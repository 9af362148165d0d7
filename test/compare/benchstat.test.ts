import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchstatByConfigKey, compareBenchstatFiles, runBenchstat } from '../../src/compare/benchstat.js';
import { parseBenchFile } from '../../src/compare/benchstat-parse.js';
import { commonScale, formatScaled, tidyUnit, unitClassOf } from '../../src/compare/benchstat-units.js';
import { formatFixedGo, formatFloatGo, formatSignedPercentGo } from '../../src/compare/go-format.js';
import { BENCHSTAT_FIXTURES } from '../helpers/fixtures.js';

const fixture = (name: string): string => readFileSync(join(BENCHSTAT_FIXTURES, name), 'utf8');

describe("benchstat's own test data, byte for byte", () => {
  it('benchstat old.txt new.txt', () => {
    expect(compareBenchstatFiles(fixture('old.txt'), fixture('new.txt'), 'text')).toBe(fixture('oldNew.stdout'));
  });
  it('benchstat -format csv old.txt new.txt', () => {
    expect(compareBenchstatFiles(fixture('old.txt'), fixture('new.txt'), 'csv')).toBe(fixture('csvOldNew.stdout'));
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
  it('different configs go to separate tables with their config lines', () => {
    const a = 'goos: linux\nBenchmarkA 1 10 ns/op\n';
    const b = 'goos: darwin\nBenchmarkA 1 12 ns/op\n';
    const out = compareBenchstatFiles(a, b);
    expect(out.match(/^goos: /gm)).toEqual(['goos: ', 'goos: ']);
    expect(out).toContain('goos: linux\n');
    expect(out).toContain('\n\ngoos: darwin\n');
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
    expect(f.results.map((r) => r.name)).toEqual(['Foo/sub=1-8', 'Baz']);
    const foo = f.results[0];
    expect(foo?.config.get('goos')).toBe('linux');
    expect(foo?.values.map((v) => v.unit)).toEqual(['sec/op', 'B/op', 'allocs/op']);
    expect(foo?.values[0]?.value).toBeCloseTo(1.5e-6, 20);
    expect(f.results[1]?.config.has('goos')).toBe(false);
    expect(f.results[1]?.values[0]).toMatchObject({ value: 2e6, unit: 'B/s' });
    expect(f.units.get('B/op')?.get('assume')).toBe('exact');
    expect(f.syntaxErrors).toEqual(['in.txt:5: parsing measurement: invalid syntax "notanumber"']);
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
    expect(formatFloatGo(100)).toBe('100');
  });
});
