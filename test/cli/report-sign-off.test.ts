import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeResultsFile } from '../../src/results/results-store.js';
import { appendHistory } from '../../src/history/history-store.js';
import { runCli } from '../helpers/cli.js';
import { makeResults } from '../helpers/results-fixture.js';

describe('loadgate report --sign-off', () => {
  it('says plainly when there is no history, and draws the weekly trend when there is', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-signoff-'));
    const release = await writeResultsFile(join(project, 'results'), makeResults({ runId: 'release-1', profile: 'release' }));

    const bare = await runCli(['report', release, '--sign-off', '--version', '2.4.0', '--out', join(project, 'bare')], { cwd: project });
    expect(bare.code).toBe(0);
    const bareHtml = await readFile(join(project, 'bare', 'report.html'), 'utf8');
    expect(bareHtml).toContain('2.4.0');
    expect(bareHtml).toContain('No history was supplied');

    for (let week = 1; week <= 4; week++) {
      const p95s = [1, 1.1, 0.9, 1, 1.05, 0.95].map((v) => v * (1 + week / 100));
      await appendHistory(join(project, 'history'), makeResults({ runId: `weekly-${week}`, profile: 'weekly', createdAt: `2026-11-0${week}T00:00:00.000Z` }, p95s));
    }
    const withTrend = await runCli(['report', release, '--sign-off', '--out', join(project, 'trend')], { cwd: project });
    expect(withTrend.code).toBe(0);
    const html = await readFile(join(project, 'trend', 'report.html'), 'utf8');
    expect(html).not.toContain('No history was supplied');
    expect(html).toMatch(/http_req_duration/);
  });
});
