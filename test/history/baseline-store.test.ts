import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, WouldOverwriteError } from '../../src/core/errors.js';
import { findBaseline, saveBaseline } from '../../src/history/baseline-store.js';
import { makeResults } from '../helpers/results-fixture.js';

describe('baseline store', () => {
  it('saves per profile and environment and finds it again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-baselines-'));
    const results = makeResults();
    const saved = await saveBaseline(dir, results);
    expect(saved.file).toBe(join(dir, 'smoke', 'f00dfeed0001.json'));
    const found = await findBaseline(dir, 'smoke', 'f00dfeed0001');
    expect(found?.sameEnvironment).toBe(true);
    expect(found?.results.runId).toBe(results.runId);
    expect(await findBaseline(dir, 'ci', 'f00dfeed0001')).toBeNull();
  });

  it('falls back to another environment and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-baselines-'));
    await saveBaseline(dir, makeResults());
    const found = await findBaseline(dir, 'smoke', 'other0000000');
    expect(found?.sameEnvironment).toBe(false);
  });

  it('never overwrites silently; --replace keeps the old one in history', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-baselines-'));
    await saveBaseline(dir, makeResults());
    const second = makeResults({ runId: '20261127T000000Z-smoke-beef' });
    await expect(saveBaseline(dir, second)).rejects.toBeInstanceOf(WouldOverwriteError);
    const saved = await saveBaseline(dir, second, { replace: true });
    expect(saved.replaced).toBe(join(dir, 'smoke', 'history', '20261126T000000Z-smoke-abcd.json'));
    expect(await readdir(join(dir, 'smoke', 'history'))).toEqual(['20261126T000000Z-smoke-abcd.json']);
    expect((await findBaseline(dir, 'smoke', 'f00dfeed0001'))?.results.runId).toBe(second.runId);
  });

  it('refuses incomplete runs and runs with broken repetitions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-baselines-'));
    await expect(saveBaseline(dir, makeResults({ complete: false }))).rejects.toThrow(/is incomplete: it was interrupted/);
    const broken = makeResults();
    broken.scenarios[0]!.repetitions[2]!.exitCode = 107;
    const err = await saveBaseline(dir, broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/baseline: 1 of 6 repetitions stopped by a script exception \(exit 107\)/);
  });
});
