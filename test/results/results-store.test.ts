import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../src/core/errors.js';
import { newRunId, readResultsFile, writeResultsFile } from '../../src/results/results-store.js';
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

  it('reads a results file that starts with a UTF-8 byte-order mark', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-results-'));
    const results = makeResults();
    const file = await writeResultsFile(dir, results);
    await writeFile(file, `\ufeff${await readFile(file, 'utf8')}`);
    expect(await readResultsFile(file)).toEqual(results);
  });

  it('makes sortable unique run ids', () => {
    const a = newRunId('smoke', new Date('2026-11-26T03:40:12.345Z'));
    expect(a).toMatch(/^20261126T034012Z-smoke-[0-9a-f]{4}$/);
    expect(newRunId('smoke')).not.toBe(newRunId('smoke'));
  });

  it.each([
    ['truncated JSON', (t: string) => t.slice(0, t.length / 2), /not valid JSON: it ends early .*truncated/],
    ['wrong schema', (t: string) => t.replace('"schema": 1', '"schema": 7'), /\(schema\): expected 1, found 7/],
    ['not an object', () => '[1,2]', /expected a loadgate results object, found a JSON array \(2 items\)/],
    ['an empty file', () => '', /: file is empty; expected a loadgate results file/],
    ['blank lines only', () => '\n\n\r\n', /: file holds only blank lines \(3 line breaks, no content\)/],
    ['JSON null', () => 'null\n', /: file contains JSON null, not a loadgate results file/],
    ['a bare JSON number', () => '42', /: file contains the JSON number 42, not a loadgate results file/],
    ['missing repetitions', (t: string) => t.replace('"repetitions"', '"reps"'), /\(scenarios\[0\]\.repetitions\): missing/],
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

  it.each([
    ['a canary sample without its CPU loop', { canary: { version: 1, samples: [{ round: 0, startedAt: 'x', httpMedMs: 0.3, httpReqsPerSec: 3000 }] } }, /\(canary\.samples\[0\]\.cpuLoopMs\): expected a number >= 0/],
    ['a canary that is a list', { canary: [1, 2] }, /\(canary\): expected an object with version and samples/],
    ['a side that is neither base nor head', { sideBySide: { side: 'left', otherRunId: 'x', order: [] } }, /\(sideBySide\.side\): expected "base" or "head", found "left"/],
    ['a pair order that is not AB/BA', { sideBySide: { side: 'head', otherRunId: 'x', order: ['AA'] } }, /\(sideBySide\.order\): expected an array of "AB" and "BA"/],
  ])('names the key for %s', async (_name, extra, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-results-'));
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ ...makeResults(), ...extra }));
    await expect(readResultsFile(bad)).rejects.toThrow(message);
  });

  it('names host signals that are not numbers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-results-'));
    const results = makeResults();
    const rep = results.scenarios[0]!.repetitions[1]!;
    (rep as unknown as { host: unknown }).host = { wallMs: 1000, vuThreadBusy: '0.99' };
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify(results));
    await expect(readResultsFile(bad)).rejects.toThrow(/\(scenarios\[0\]\.repetitions\[1\]\.host\.vuThreadBusy\): expected a number or null, found "0\.99"/);
  });

  it('names a missing file', async () => {
    await expect(readResultsFile('/nonexistent/r.json')).rejects.toThrow('/nonexistent/r.json: cannot read: ENOENT');
  });
});
