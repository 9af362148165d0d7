import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endsFromTrend } from '../../src/bisect/from-trend.js';
import type { ResultsFile } from '../../src/results/results.js';
import { appendHistory } from '../../src/history/history-store.js';
import { makeResults } from '../helpers/results-fixture.js';
import { gaussian } from '../history/series.js';

/** Week `w`: 10 repetitions of p(95) around `level` with 3 % noise, measured at commit `sha<w>`. */
function week(w: number, level: number, sha = `sha${w}`): ResultsFile {
  const g = gaussian(7000 + w);
  const results = makeResults({ profile: 'weekly', runId: `w${String(w).padStart(2, '0')}`, createdAt: new Date(Date.UTC(2026, 0, 5 + 7 * w)).toISOString() }, Array.from({ length: 10 }, () => level * (1 + 0.03 * g())));
  results.environment = { ...results.environment, fingerprint: 'f00dfeed0001', gitSha: sha.padEnd(40, '0') };
  return results;
}

async function history(levels: number[], sha?: (w: number) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-bisect-trend-'));
  for (const [w, level] of levels.entries()) await appendHistory(dir, week(w, level, sha?.(w)));
  return join(dir, 'weekly.ndjson');
}

describe('--from-trend', () => {
  it('takes the commits of the runs on both sides of the latest regression change point, and its metric', async () => {
    const file = await history([...Array(8).fill(100), ...Array(6).fill(125)]);
    const ends = await endsFromTrend(file);
    expect(ends).toMatchObject({ good: 'sha7'.padEnd(40, '0'), bad: 'sha8'.padEnd(40, '0'), metric: expect.stringMatching(/^http_req_duration:/) });
    expect(ends.why).toMatch(/^from the trend: .* \+2\d\.\d% between run w07 \(sha700000000\) and run w08 \(sha800000000\)$/);
  });

  it('refuses a history without a regression change point, or whose runs measured one commit, naming the file', async () => {
    const flat = await history(Array(10).fill(100));
    await expect(endsFromTrend(flat)).rejects.toThrow(/--from-trend .*weekly\.ndjson: no regression change point in any series over 10 runs/);
    const same = await history([...Array(8).fill(100), ...Array(6).fill(125)], () => 'same');
    await expect(endsFromTrend(same)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/measured the same commit same00000000: the step is not the code/) });
    await expect(endsFromTrend(join(tmpdir(), 'no-such-dir-x', 'weekly.ndjson'))).rejects.toThrow(/no runs in this history file/);
  });
});
