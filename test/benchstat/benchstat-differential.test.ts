/**
 * loadgate's benchstat port against real benchstat, byte for byte (stdout, and stderr's
 * warning lines), text and CSV:
 * - always: on the recorded cases in test/fixtures/benchstat-differential/cases.json
 *   (hand-made cases for each past difference, and seeded random pairs) and the outputs
 *   real benchstat printed for them;
 * - where benchstat is installed (BENCHSTAT_PATH, else PATH): on a few hundred fresh seeded
 *   random pairs, running the port in-process and the binary once per pair and format.
 *   Without it the live part skips with a notice; with CI and LOADGATE_EXPECT_BENCHSTAT=1
 *   (as .ci/run sets when the workplace's benchstat sits beside the checkout) it fails.
 * LOADGATE_RECORD_BENCHSTAT=1 rewrites the fixture file from the binary.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBenchstat, type BenchstatFormat } from '../../src/benchstat/benchstat.js';
import { benchstatRequired, findBenchstat, runRealBenchstat } from '../helpers/benchstat-binary.js';
import { handMadeCases, recordedCases, type BenchstatCase } from '../helpers/benchstat-cases.js';
import { randomGoBenchPair } from '../helpers/go-bench-random.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/benchstat-differential/cases.json', import.meta.url));
/** Fresh random pairs compared live (seeds disjoint from the recorded ones). */
const LIVE_PAIRS = Number(process.env['LOADGATE_BENCHSTAT_PAIRS'] ?? 240);
const LIVE_FIRST_SEED = 10_000;

interface Output {
  stdout: string;
  stderr: string;
}

interface RecordedCase extends BenchstatCase {
  text: Output;
  csv: Output;
}

function ours(c: BenchstatCase, format: BenchstatFormat): Output {
  const r = runBenchstat(
    [
      { label: 'old.txt', text: c.old },
      { label: 'new.txt', text: c.new },
    ],
    format,
  );
  return { stdout: r.stdout, stderr: r.warnings.map((w) => `${w}\n`).join('') };
}

const recorded = JSON.parse(await readFile(FIXTURE, 'utf8').catch(() => '[]')) as RecordedCase[];

describe('benchstat port, byte for byte, on recorded real benchstat outputs', () => {
  it('the fixture holds exactly the cases the helpers make (inputs unchanged)', () => {
    expect(recorded.map((c) => [c.name, c.old, c.new])).toEqual(recordedCases().map((c) => [c.name, c.old, c.new]));
  });
  for (const c of recorded) {
    it(c.name, () => {
      expect(ours(c, 'text')).toEqual(c.text);
      expect(ours(c, 'csv')).toEqual(c.csv);
    });
  }
});

const binary = await findBenchstat();

if (binary === null && benchstatRequired()) {
  describe('benchstat port against the real benchstat', () => {
    it('has the benchstat .ci/run provides', () => {
      expect.fail('CI is set and LOADGATE_EXPECT_BENCHSTAT=1, but no benchstat was found (BENCHSTAT_PATH or PATH)');
    });
  });
} else if (binary === null) {
  process.stderr.write('test/compare/benchstat-differential.test.ts: skipping the live comparison: no benchstat (BENCHSTAT_PATH or PATH); the recorded cases still ran\n');
  describe.skip('benchstat port against the real benchstat (no benchstat found)', () => {
    it('compares random pairs', () => undefined);
  });
} else {
  const bin = binary;
  describe(`benchstat port against the real benchstat (${bin})`, () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'loadgate-benchstat-diff-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    /** Runs the binary on one case in its own folder: both formats. */
    async function real(c: BenchstatCase, index: number): Promise<{ text: Output; csv: Output }> {
      const caseDir = join(dir, String(index));
      await rm(caseDir, { recursive: true, force: true });
      await mkdir(caseDir, { recursive: true });
      await writeFile(join(caseDir, 'old.txt'), c.old);
      await writeFile(join(caseDir, 'new.txt'), c.new);
      const [text, csv] = await Promise.all([runRealBenchstat(bin, caseDir, 'text'), runRealBenchstat(bin, caseDir, 'csv')]);
      for (const r of [text, csv]) if (r.exitCode !== 0) throw new Error(`benchstat exited ${r.exitCode} on ${c.name}: ${r.stderr}`);
      return { text: { stdout: text.stdout, stderr: text.stderr }, csv: { stdout: csv.stdout, stderr: csv.stderr } };
    }

    /** Maps over items with at most `limit` in flight. */
    async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
      const out = new Array<R>(items.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: limit }, async () => {
          while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i] as T, i);
          }
        }),
      );
      return out;
    }

    it('the recorded outputs are what this benchstat prints', async () => {
      const cases = recordedCases();
      const outputs = await pool(cases, 4, real);
      const fresh: RecordedCase[] = cases.map((c, i) => ({ name: c.name, old: c.old, new: c.new, ...(outputs[i] as { text: Output; csv: Output }) }));
      if (process.env['LOADGATE_RECORD_BENCHSTAT'] === '1') await writeFile(FIXTURE, `${JSON.stringify(fresh, null, 1)}\n`);
      expect(fresh).toEqual(recorded);
    }, 120_000);

    it(`agrees on ${LIVE_PAIRS} fresh random pairs and the hand-made cases`, async () => {
      const cases: BenchstatCase[] = [
        ...handMadeCases(),
        ...Array.from({ length: LIVE_PAIRS }, (_, i) => ({ name: `random-${LIVE_FIRST_SEED + i}`, ...randomGoBenchPair(LIVE_FIRST_SEED + i) })),
      ];
      const mismatches: string[] = [];
      await pool(cases, 4, async (c, i) => {
        const want = await real(c, 1000 + i);
        for (const format of ['text', 'csv'] as const) {
          const got = ours(c, format);
          if (got.stdout !== want[format].stdout || got.stderr !== want[format].stderr) {
            mismatches.push(`${c.name} (${format}): seeds reproduce it with randomGoBenchPair`);
          }
        }
      });
      expect(mismatches).toEqual([]);
    }, 300_000);
  });
}
