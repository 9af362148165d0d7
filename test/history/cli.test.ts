import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeResultsFile } from '../../src/results/results-store.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { makeResults } from '../helpers/results-fixture.js';
import { gaussian } from './series.js';

describe('loadgate baseline / history / trend (real CLI)', () => {
  let dir: string;
  const weeks: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgate-history-cli-'));
    for (let w = 0; w < 12; w++) {
      const g = gaussian(100 + w);
      const level = w < 7 ? 100 : 130;
      const results = makeResults(
        { profile: 'weekly', runId: `202601${String(w).padStart(2, '0')}T000000Z-weekly-00${String(w).padStart(2, '0')}`, createdAt: new Date(Date.UTC(2026, 0, 5 + 7 * w)).toISOString() },
        Array.from({ length: 8 }, () => level * (1 + 0.02 * g())),
      );
      weeks.push(await writeResultsFile(join(dir, 'results'), results));
    }
  });

  it('history append is idempotent; trend finds the step and writes HTML and Markdown', async () => {
    const first = await runCli(['history', 'append', ...weeks], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.match(/^appended: /gm)).toHaveLength(12);
    const again = await runCli(['history', 'append', weeks[0]!], { cwd: dir });
    expect(again.stdout).toMatch(/^already in history: 20260100T000000Z-weekly-0000 → /m);
    const trend = await runCli(['trend', '--out', join(dir, 'trend')], { cwd: dir });
    expect(trend.code).toBe(0);
    expect(trend.stdout).toMatch(/^12 runs in .*history\/weekly\.ndjson$/m);
    expect(trend.stdout).toMatch(/^change point: baseline http_req_duration p\(95\) \+\d+\.\d+% \(regression\) from run 20260107T000000Z-weekly-0007 \(2026-02-23\)$/m);
    expect(await readFile(join(dir, 'trend', 'trend.html'), 'utf8')).toContain('id="change-points"');
    expect(await readFile(join(dir, 'trend', 'trend.md'), 'utf8')).toContain('### Change points');
  });

  /** `trend --fail-on-regression` over a history of two weekly runs whose p(95) repetitions are `before`, then `after`. */
  async function trendOfTwo(name: string, before: number[], after: number[]): Promise<CliRun> {
    const hist = join(dir, `hist-${name}`);
    const runs = [before, after].map((values, i) => makeResults({ profile: 'weekly', runId: `${name}-${i + 1}`, createdAt: `2026-03-0${1 + 7 * i}T00:00:00.000Z` }, values));
    const files = [await writeResultsFile(join(dir, `results-${name}`), runs[0]!), await writeResultsFile(join(dir, `results-${name}`), runs[1]!)];
    expect((await runCli(['history', 'append', ...files, '--history-dir', hist], { cwd: dir })).code).toBe(0);
    return runCli(['trend', '--history-dir', hist, '--out', join(dir, `trend-${name}`), '--format', 'markdown', '--fail-on-regression'], { cwd: dir });
  }

  it('trend --fail-on-regression exits 1 when this run regressed against the previous one', async () => {
    const r = await trendOfTwo('b', [10, 10.1, 9.9, 10, 10.05, 9.95, 10, 10.02], [13, 13.1, 12.9, 13, 13.05, 12.95, 13, 13.02]);
    expect(r.stdout).toMatch(/^regressed vs previous run: baseline http_req_duration p\(95\) \+30\.00%$/m);
    expect(r.code).toBe(1);
  });

  it('trend --fail-on-regression exits 5 when this run is worse beyond the minimum effect, too noisily to tell', async () => {
    // 20 % worse in the median, but the repetitions overlap: inconclusive, not 0.
    const c = await trendOfTwo('c', [7, 13, 9, 11, 6, 14, 10, 10], [12, 8, 15, 11, 17, 7, 13, 16]);
    expect(c.stdout).toMatch(/^too noisy to tell vs previous run: baseline http_req_duration p\(95\) \+\d+\.\d+%, not significant$/m);
    expect(c.stdout).not.toMatch(/^regressed vs previous run/m);
    expect(c.code).toBe(5);
  });

  it('trend on a damaged history names the file and line and exits 2', async () => {
    const hist = join(dir, 'hist-bad');
    await runCli(['history', 'append', weeks[0]!, '--history-dir', hist], { cwd: dir });
    await writeFile(join(hist, 'weekly.ndjson'), `${await readFile(join(hist, 'weekly.ndjson'), 'utf8')}{oops}\n{"v":1`);
    const r = await runCli(['trend', '--history-dir', hist, '--out', join(dir, 'trend-bad')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(hist, 'weekly.ndjson')} (line 2): not valid JSON`);
  });

  it('baseline save, list, show, promote', async () => {
    const save = await runCli(['baseline', 'save', weeks[0]!], { cwd: dir });
    expect(save.code).toBe(0);
    const refused = await runCli(['baseline', 'save', weeks[1]!], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists; a baseline for this profile and environment exists; pass --replace/);
    const noReason = await runCli(['baseline', 'promote', weeks[1]!], { cwd: dir });
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/required option '-r, --reason <text>' not specified/);
    const promote = await runCli(['baseline', 'promote', weeks[1]!, '--reason', 'new runner pool'], { cwd: dir });
    expect(promote.code).toBe(0);
    expect(promote.stdout).toMatch(/^previous baseline kept as .*baselines\/weekly\/history\/20260100T000000Z-weekly-0000\.json$/m);
    const list = await runCli(['baseline', 'list'], { cwd: dir });
    expect(list.stdout.split('\n')[0]).toMatch(/^profile\s+environment\s+run id\s+created\s+scenarios\s+repetitions$/);
    expect(list.stdout).toMatch(/^weekly\s+f00dfeed0001 {2}cpu · 2 cores · 16 GiB · linux x64 · node v20\.0\.0\s+20260101T000000Z-weekly-0001\s+2026-01-12T00:00:00Z\s+1\s+8$/m);
    const show = await runCli(['baseline', 'show', 'weekly'], { cwd: dir });
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/run {11}20260101T000000Z-weekly-0001/);
    expect(show.stdout).toMatch(/http_req_duration p\(95\)/);
    const missing = await runCli(['baseline', 'show', 'ci'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no baseline of profile "ci"/);
  });
});
