import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResultsFile } from '../../src/results/results-store.js';
import { makeResults } from '../helpers/results-fixture.js';

/** The results reader uses compare's JSON parser, so both word a broken file the same way. */
describe('results file JSON messages', () => {
  it('"truncated?" only when the file really ends early', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-results-json-'));
    const full = JSON.stringify(makeResults(), null, 1);
    const cut = join(dir, 'cut.json');
    await writeFile(cut, full.slice(0, Math.floor(full.length / 2)));
    await expect(readResultsFile(cut)).rejects.toThrow(/ends early at line \d+.*is the file truncated\?/);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, full.replace('"runId"', '"runId" x'));
    const err = await readResultsFile(broken).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/not valid JSON/);
    expect((err as Error).message).not.toMatch(/truncated/);
  });

  it('a UTF-8 byte-order mark is not reported as truncation: the file is read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-results-bom-'));
    const file = join(dir, 'bom.json');
    await writeFile(file, `\ufeff${JSON.stringify(makeResults(), null, 1)}\n`);
    expect((await readResultsFile(file)).runId).toBe(makeResults().runId);
  });
});
