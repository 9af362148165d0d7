import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { describeEnvironment, listBaselines, promoteBaseline, selectBaseline, summarizeBaseline } from '../../src/history/baseline-catalog.js';
import { findBaseline, saveBaseline } from '../../src/history/baseline-store.js';
import { makeResults } from '../helpers/results-fixture.js';

const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'loadgate-catalog-'));
const onMachine = (fingerprint: string, runId: string, profile = 'ci') =>
  makeResults({ runId, profile, createdAt: `2026-02-0${runId.slice(-1)}T00:00:00.000Z`, environment: { ...makeResults().environment, fingerprint } });

describe('baseline catalog', () => {
  it('lists baselines per profile (newest first), not the replaced ones', async () => {
    const dir = await tmp();
    await saveBaseline(dir, onMachine('aaaa00000001', 'r1'));
    await saveBaseline(dir, onMachine('bbbb00000002', 'r2'));
    await saveBaseline(dir, onMachine('aaaa00000001', 'r3', 'weekly'));
    await saveBaseline(dir, onMachine('aaaa00000001', 'r4'), { replace: true });
    const all = await listBaselines(dir);
    expect(all.map((b) => [b.profile, b.runId, b.fingerprint])).toEqual([
      ['ci', 'r4', 'aaaa00000001'],
      ['ci', 'r2', 'bbbb00000002'],
      ['weekly', 'r3', 'aaaa00000001'],
    ]);
    expect(all[0]).toMatchObject({ scenarios: 1, repetitions: 6, environment: 'cpu · 2 cores · 16 GiB · linux x64 · node v20.0.0' });
    expect((await listBaselines(dir, 'weekly')).map((b) => b.runId)).toEqual(['r3']);
    expect(await listBaselines(join(dir, 'nope'))).toEqual([]);
  });

  it('show picks --env, else this machine, else the only one; ambiguity lists the choices', async () => {
    const dir = await tmp();
    await saveBaseline(dir, onMachine('aaaa00000001', 'r1'));
    expect((await selectBaseline(dir, 'ci', {})).runId).toBe('r1');
    await saveBaseline(dir, onMachine('bbbb00000002', 'r2'));
    expect((await selectBaseline(dir, 'ci', { localFingerprint: 'bbbb00000002' })).runId).toBe('r2');
    expect((await selectBaseline(dir, 'ci', { fingerprint: 'aaaa00000001', localFingerprint: 'bbbb00000002' })).runId).toBe('r1');
    await expect(selectBaseline(dir, 'ci', {})).rejects.toThrow(/has 2 baselines and none of this machine; pick one with --env: bbbb00000002 \(cpu[^;]*; aaaa00000001 \(cpu/);
    await expect(selectBaseline(dir, 'ci', { fingerprint: 'cccc' })).rejects.toThrow(/no baseline of profile "ci" for environment cccc/);
    await expect(selectBaseline(dir, 'weekly', {})).rejects.toBeInstanceOf(UsageError);
  });

  it('summarizes a baseline with medians and CIs of its gating metrics', async () => {
    const dir = await tmp();
    const results = makeResults({}, [10, 11, 12, 13, 14, 15, 16, 17]);
    await saveBaseline(dir, results);
    const [info] = await listBaselines(dir);
    const text = summarizeBaseline(info!, results);
    expect(text).toContain(`baseline ${join(dir, 'smoke', 'f00dfeed0001.json')}`);
    expect(text).toMatch(/scenario baseline \(8 repetitions, 1 thresholds\)/);
    expect(text).toMatch(/http_req_duration p\(95\)\s+13\.5 {2}± \d+\.\d%  \(lower is better\)/);
  });

  it('promote replaces the baseline, keeps the old one, and records the reason', async () => {
    const dir = await tmp();
    await saveBaseline(dir, makeResults());
    const next = makeResults({ runId: '20261201T000000Z-smoke-cafe' });
    const promoted = await promoteBaseline(dir, next, 'accepted: new JSON encoder costs 3%', { by: 'alice', now: new Date('2026-12-01T10:00:00Z') });
    expect(promoted.replaced).toBe(join(dir, 'smoke', 'history', '20261126T000000Z-smoke-abcd.json'));
    expect((await findBaseline(dir, 'smoke', 'f00dfeed0001'))?.results.runId).toBe(next.runId);
    const log = (await readFile(promoted.log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log).toEqual([
      { at: '2026-12-01T10:00:00.000Z', runId: next.runId, environment: 'f00dfeed0001', gitSha: null, replaced: promoted.replaced, by: 'alice', reason: 'accepted: new JSON encoder costs 3%' },
    ]);
    await expect(promoteBaseline(dir, next, '  ')).rejects.toThrow(/--reason must be one non-empty line/);
    await expect(promoteBaseline(dir, makeResults({ complete: false }), 'why')).rejects.toThrow(/is incomplete: it was interrupted/);
    expect(await readdir(join(dir, 'smoke'))).not.toContain('f00dfeed0001.json.lock');
  });

  it('describes an environment for people', () => {
    expect(describeEnvironment({ ...makeResults().environment, cpuModel: 'AMD EPYC 7763', cores: 4, memoryBytes: 16 * 2 ** 30, os: 'linux 6.5.0 x64', nodeVersion: 'v20.11.1' })).toBe(
      'AMD EPYC 7763 · 4 cores · 16 GiB · linux x64 · node v20.11.1',
    );
  });
});
