import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ConfigError, InputFileError } from '../../src/core/errors.js';
import { pathNameProblem, pathUnder, UnsafePathError } from '../../src/core/path-names.js';
import { readResultsFile, writeResultsFile } from '../../src/results/results-store.js';
import { promoteBaseline } from '../../src/history/baseline-catalog.js';
import { findBaseline, saveBaseline } from '../../src/history/baseline-store.js';
import { historyFile } from '../../src/history/history-store.js';
import { runCli } from '../helpers/cli.js';
import { makeResults } from '../helpers/results-fixture.js';

/**
 * Names from results files, configs and flags become parts of paths; a traversal payload in any
 * of them must be refused by name where it enters, and every writer must stay under its
 * directory even if a name slipped past (issue 14).
 */
const TRAVERSALS = ['../../../../probe', '..', '.', 'a/b', 'a\\b', '/etc/passwd', '', 'x\0y', ' x', '.hidden', 'x'.repeat(129)];

async function sandbox(): Promise<{ root: string; inside: string }> {
  const root = await mkdtemp(join(tmpdir(), 'loadgate-paths-'));
  const inside = join(root, 'project', 'out');
  await mkdir(inside, { recursive: true });
  return { root, inside };
}

/** Every file under `dir`, relative. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1)).sort();
}

describe('one rule for names in paths', () => {
  it('accepts run ids, profiles and fingerprints loadgate makes, and refuses traversal', () => {
    for (const ok of ['20261126T000000Z-smoke-abcd', 'smoke', 'weekly', 'f00dfeed0001', 'v1.2.3', 'a_b-c']) expect(pathNameProblem(ok)).toBeNull();
    for (const bad of TRAVERSALS) expect(pathNameProblem(bad), JSON.stringify(bad)).toMatch(/cannot be part of a file name; use 1–128 letters/);
    expect(pathNameProblem(42)).toMatch(/expected a string/);
  });

  it('pathUnder keeps every write inside its directory', () => {
    expect(pathUnder('/a/b', 'c.json')).toBe('/a/b/c.json');
    expect(pathUnder('/a/b', 'p', 'history', 'r.json')).toBe('/a/b/p/history/r.json');
    for (const parts of [['..', 'x'], ['../../x'], ['.'], ['p', '..', '..', 'x'], ['x\0']]) {
      expect(() => pathUnder('/a/b', ...parts), parts.join('|')).toThrow(UnsafePathError);
    }
  });
});

describe('every reader and writer refuses a traversal payload', () => {
  it('the results reader names the bad key (runId, profile, environment.fingerprint)', async () => {
    const { inside } = await sandbox();
    const cases: Array<[string, object]> = [
      ['runId', { runId: '../../../../probe-runid' }],
      ['profile', { profile: '../../etc' }],
      ['environment.fingerprint', { environment: { ...makeResults().environment, fingerprint: '../../x' } }],
    ];
    for (const [key, override] of cases) {
      const file = join(inside, `${key}.json`);
      await writeFile(file, JSON.stringify({ ...makeResults(), ...override }));
      const err = await readResultsFile(file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputFileError);
      expect((err as Error).message).toContain(`(${key}): `);
      expect((err as Error).message).toMatch(/cannot be part of a file name/);
    }
  });

  it('writeResultsFile, saveBaseline, promoteBaseline, findBaseline and historyFile write nothing outside their directory', async () => {
    const { root, inside } = await sandbox();
    await expect(writeResultsFile(inside, makeResults({ runId: '../../../escaped' }))).rejects.toThrow(UnsafePathError);
    await expect(saveBaseline(inside, makeResults({ profile: '../../etc' }))).rejects.toThrow(UnsafePathError);
    await expect(saveBaseline(inside, makeResults({ environment: { ...makeResults().environment, fingerprint: '../../../fp' } }))).rejects.toThrow(UnsafePathError);
    await expect(promoteBaseline(inside, makeResults({ profile: '..' }), 'because')).rejects.toThrow(UnsafePathError);
    await expect(findBaseline(inside, '../..', 'f00dfeed0001')).rejects.toThrow(UnsafePathError);
    expect(() => historyFile(inside, '../../weekly')).toThrow(/profile: .* cannot be part of a file name/);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('a baseline whose stored run id is a traversal is never moved out by --replace', async () => {
    const { root, inside } = await sandbox();
    const saved = await saveBaseline(inside, makeResults());
    // Hand-edit the stored baseline: its runId would decide where --replace moves it.
    await writeFile(saved.file, JSON.stringify({ ...makeResults(), runId: '../../../../moved' }));
    const err = await saveBaseline(inside, makeResults({ runId: '20261127T000000Z-smoke-beef' }), { replace: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as Error).message).toMatch(/\(runId\): .*cannot be part of a file name/);
    expect(existsSync(saved.file)).toBe(true);
    expect(await filesUnder(root)).toEqual(['project/out/smoke/f00dfeed0001.json']);
  });

  it('a config profile named like a path is a config error naming the key', async () => {
    const { root } = await sandbox();
    await writeFile(join(root, 'loadgate.config.ts'), `export default { profiles: { '../../evil': { repetitions: 2 } } };\n`);
    const err = await loadConfig({ root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('loadgate.config.ts: profiles.../../evil: "../../evil" cannot be part of a file name');
  });

  it('loadgate report on a results file with a traversal run id: exit 2, no report anywhere', async () => {
    const { root, inside } = await sandbox();
    const file = join(inside, 'evil.json');
    const probe = `probe-${process.pid}-${Date.now()}`;
    await writeFile(file, JSON.stringify({ ...makeResults(), runId: `../../../../${probe}` }));
    const run = await runCli(['report', file], { cwd: join(root, 'project') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`evil.json (runId): "../../../../${probe}" cannot be part of a file name`);
    expect(await filesUnder(root)).toEqual(['project/out/evil.json']);
    expect(existsSync(join('/', probe))).toBe(false);
  });

  it('loadgate trend --profile with a traversal: exit 2', async () => {
    const { root } = await sandbox();
    const run = await runCli(['trend', '--profile', '../../evil'], { cwd: join(root, 'project') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/evil/);
    expect(await filesUnder(root)).toEqual([]);
  });
});
