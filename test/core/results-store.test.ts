import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/core/errors.js';
import { newRunId, readResultsFile, writeResultsFile } from '../../src/core/results-store.js';
import { makeResults } from '../helpers/results-fixture.js';

describe('results files', () => {
  it('round-trips and never overwrites', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-results-'));
    const results = makeResults();
    const file = await writeResultsFile(dir, results);
    expect(await readResultsFile(file)).toEqual(results);
    await expect(writeResultsFile(dir, results)).rejects.toThrow(/EEXIST/);
    // no temp files left behind
    expect(await readdir(dir)).toEqual([`${results.runId}.json`]);
  });

  it('makes sortable unique run ids', () => {
    const a = newRunId('smoke', new Date('2026-11-26T03:40:12.345Z'));
    expect(a).toMatch(/^20261126T034012Z-smoke-[0-9a-f]{4}$/);
    expect(newRunId('smoke')).not.toBe(newRunId('smoke'));
  });

  it.each([
    ['truncated JSON', (t: string) => t.slice(0, t.length / 2), /not valid JSON .*truncated/],
    ['wrong schema', (t: string) => t.replace('"schema": 1', '"schema": 7'), /\(schema\): expected 1, found 7/],
    ['not an object', () => '[1,2]', /expected a loadgate results object/],
    ['missing repetitions', (t: string) => t.replace('"repetitions"', '"reps"'), /\(scenarios\[0\]\.repetitions\): expected an array/],
    ['summary without metrics', (t: string) => t.replace('"metrics"', '"metricz"'), /\(scenarios\[0\]\.repetitions\[0\]\.summary\.metrics\)/],
  ])('names the file and key for %s', async (_name, mutate, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-results-'));
    const good = await writeResultsFile(dir, makeResults());
    const bad = join(dir, 'bad.json');
    await writeFile(bad, mutate(await readFile(good, 'utf8')));
    const err = await readResultsFile(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as Error).message.startsWith(bad)).toBe(true);
    expect((err as Error).message).toMatch(message);
  });

  it('names a missing file', async () => {
    await expect(readResultsFile('/nonexistent/r.json')).rejects.toThrow('/nonexistent/r.json: cannot read: ENOENT');
  });
});
