import { mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagsFromGateReport, flagsFromLatestGate } from '../../src/bisect/from-gate.js';
import { writeReports } from '../../src/report/index.js';
import { releaseSuite } from '../report/fixtures/suite.js';

/** A gate's JSON report as the gate writes it, in `<reportsDir>/<name>/report.json`, dated `ageS` seconds back. */
async function gateReport(reportsDir: string, name: string, allPass: boolean, ageS: number): Promise<string> {
  const written = await writeReports(releaseSuite({ allPass }), join(reportsDir, name), ['json']);
  const when = new Date(Date.now() - ageS * 1000);
  await utimes(written.json!, when, when);
  return written.json!;
}

describe('--from-gate and the default metric', () => {
  it('follows the metrics a gate report flagged as regressed, in their scenarios', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-bisect-gate-'));
    const file = await gateReport(dir, 'run-1', false, 0);
    const flags = await flagsFromGateReport(file);
    // The release suite's peak regressed on p(95) (test/report/fixtures/suite.ts).
    expect(flags.scenarios).toEqual(['peak']);
    expect(flags.metrics).toContain('http_req_duration:p(95)');
    expect(flags.why).toMatch(/^following what the gate flagged \(.*report\.json\): peak: http_req_duration:p\(95\)/);
  });

  it('by default takes the newest gate report that flagged anything, skipping newer passing ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-bisect-gate-'));
    expect(await flagsFromLatestGate(join(dir, 'none'))).toBeNull();
    await gateReport(dir, 'old-fail', false, 3600);
    const newer = await gateReport(dir, 'newer-fail', false, 600);
    await gateReport(dir, 'newest-pass', true, 0);
    await mkdir(join(dir, 'not-a-report'));
    expect((await flagsFromLatestGate(dir))?.file).toBe(newer);
    const passing = await mkdtemp(join(tmpdir(), 'loadgate-bisect-gate-'));
    await gateReport(passing, 'pass', true, 0);
    expect(await flagsFromLatestGate(passing)).toBeNull();
  });

  it('names the file and what is wrong with it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-bisect-gate-'));
    await expect(flagsFromGateReport(join(dir, 'missing.json'))).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/--from-gate .*missing\.json: cannot read it \(ENOENT\)/) });
    await writeFile(join(dir, 'bad.json'), '{"scenarios": 3');
    await expect(flagsFromGateReport(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: not JSON/);
    await writeFile(join(dir, 'other.json'), '{"runId": "x"}');
    await expect(flagsFromGateReport(join(dir, 'other.json'))).rejects.toThrow(/other\.json: not a loadgate JSON report \(expected a "scenarios" array/);
    const passing = await gateReport(dir, 'pass', true, 0);
    await expect(flagsFromGateReport(passing)).rejects.toThrow(/flagged no regressed metric; name one with --metric/);
  });
});
