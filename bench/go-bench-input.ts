/**
 * Reading Go benchmark text for `compare` (detectInput, then the benchstat port), with
 * time and peak RSS, on the inputs that once took seconds and gigabytes: 50 MB of blank
 * lines (refused by name), the same with one benchmark line at the end, and 200,000
 * benchmark lines. Run each case in its own process so the peak RSS is that case's.
 *
 *   npm run bench:go-input            # all cases, one process each
 *   npm run bench:go-input -- blank   # one case
 * Env: BLANK_MB (default 50), BENCH_LINES (default 200000).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runBenchstat } from '../src/benchstat/benchstat.js';
import { detectInput } from '../src/results/importers/index.js';

const BLANK_MB = Number(process.env['BLANK_MB'] ?? 50);
const BENCH_LINES = Number(process.env['BENCH_LINES'] ?? 200_000);
const CASES = ['blank', 'blank-then-one', 'many-lines'] as const;
type Case = (typeof CASES)[number];

function content(c: Case): string {
  const blank = '\n'.repeat(BLANK_MB * 1_000_000);
  if (c === 'blank') return blank;
  if (c === 'blank-then-one') return `${blank}BenchmarkA-8 1000 1234 ns/op\n`;
  const lines: string[] = ['goos: linux', 'goarch: amd64'];
  for (let i = 0; i < BENCH_LINES; i++) lines.push(`BenchmarkX/n=${i % 50}-8 1000 ${1000 + (i % 97)} ns/op ${64 + (i % 3)} B/op 2 allocs/op`);
  return `${lines.join('\n')}\n`;
}

async function runCase(c: Case): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-bench-go-input-'));
  try {
    const file = join(dir, `${c}.txt`);
    writeFileSync(file, content(c));
    const t0 = performance.now();
    let outcome: string;
    try {
      const detected = await detectInput(file);
      if (detected.kind !== 'go-bench') throw new Error(`detected ${detected.kind}`);
      const out = runBenchstat([{ label: 'a.txt', text: detected.text }], 'text');
      outcome = `${out.tables.length} table(s)`;
    } catch (err) {
      outcome = `refused: ${(err as Error).message.slice(0, 90)}`;
    }
    const ms = performance.now() - t0;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(`${c.padEnd(15)} ${ms.toFixed(0).padStart(7)} ms  peak RSS ${rssMb.toFixed(0).padStart(5)} MB  ${outcome}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const only = process.argv[2] as Case | undefined;
if (only) await runCase(only);
else {
  console.log(`Go benchmark input (${BLANK_MB} MB of blank lines; ${BENCH_LINES} benchmark lines), one process per case:`);
  for (const c of CASES) spawnSync(process.execPath, [process.argv[1] as string, c], { stdio: 'inherit', env: process.env });
}
