import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import { appendHistory, readHistory } from '../../src/history/history-store.js';
import { makeResults } from '../helpers/results-fixture.js';

/** Runs the real CLI in a child and returns its exit code and peak resident memory (MB). */
function cliPeakRss(args: string[], cwd: string): Promise<{ code: number; stderr: string; maxRssMb: number }> {
  const script = `process.on('exit', () => process.stderr.write('\\nLOADGATE_MAXRSS_KB=' + process.resourceUsage().maxRSS + '\\n'));
process.argv = [process.argv[0], 'loadgate', ...${JSON.stringify(args)}];
await import(${JSON.stringify(join(PACKAGE_ROOT, 'bin', 'loadgate.js'))});`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd, env: { ...process.env, CI: 'true' }, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const kb = Number(/LOADGATE_MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr, maxRssMb: kb / 1024 });
    });
  });
}

describe('history files are read line by line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgate-huge-'));
    await mkdir(join(dir, 'empty'));
    await mkdir(join(dir, 'huge'));
    // 20 MB of blank lines behind a UTF-8 byte-order mark.
    await writeFile(join(dir, 'huge', 'weekly.ndjson'), `\ufeff${'\n'.repeat(20 * 1024 * 1024)}`);
  });

  it('trend on 20 MB of blank lines grows peak memory by less than 80 MB over an empty history', async () => {
    const empty = await cliPeakRss(['trend', '--profile', 'weekly', '--history-dir', join(dir, 'empty'), '--out', join(dir, 'out-empty')], dir);
    const huge = await cliPeakRss(['trend', '--profile', 'weekly', '--history-dir', join(dir, 'huge'), '--out', join(dir, 'out-huge')], dir);
    expect(empty.code, empty.stderr).toBe(0);
    expect(huge.code, huge.stderr).toBe(0);
    expect(Number.isFinite(huge.maxRssMb)).toBe(true);
    expect(huge.maxRssMb - empty.maxRssMb).toBeLessThan(80);
  });

  it('a UTF-8 byte-order mark before the first record is skipped, and the record is read', async () => {
    const bomDir = join(dir, 'bom');
    await appendHistory(bomDir, makeResults({ runId: 'weekly-1', profile: 'weekly' }));
    const file = join(bomDir, 'weekly.ndjson');
    await writeFile(file, `\ufeff${await readFile(file, 'utf8')}\n\n`);
    const read = await readHistory(bomDir, 'weekly');
    expect(read.records.map((r) => r.runId)).toEqual(['weekly-1']);
    expect(read.warnings).toEqual([]);
  });

  it('a partial last line is still reported with its line number', async () => {
    const pDir = join(dir, 'partial');
    await appendHistory(pDir, makeResults({ runId: 'weekly-1', profile: 'weekly' }));
    const file = join(pDir, 'weekly.ndjson');
    await writeFile(file, `${await readFile(file, 'utf8')}{"runId":"wee`);
    const read = await readHistory(pDir, 'weekly');
    expect(read.records).toHaveLength(1);
    expect(read.warnings).toEqual([`${file}:2: last line is incomplete (13 characters, no newline; an interrupted append?); ignored`]);
  });
});
