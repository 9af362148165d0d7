import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectInput } from '../../src/results/importers/detect-input.js';
import { makeResults } from '../helpers/results-fixture.js';

describe('detectInput: JSON after a long run of whitespace', () => {
  it('a results file behind more than 64 KB of leading whitespace is still JSON, not Go benchmark text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-sniff-'));
    const file = join(dir, 'spaced.json');
    await writeFile(file, `${' \n\t'.repeat(30_000)}${JSON.stringify(makeResults())}\n`);
    expect((await detectInput(file)).kind).toBe('loadgate');
  });
});
