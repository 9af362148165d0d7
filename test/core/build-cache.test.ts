/**
 * The build cache (core/build-cache.ts) serves an entry only while every input has the
 * content it was built from; the engine's compiled-script cache (prepared-script.ts)
 * therefore picks up an edit to the script or to a file it imports.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_CACHE_MAX_AGE_MS, buildCacheDir, buildCacheFile, isPrivateDir, pruneUnreferencedArtefacts, readBuildCache, touchArtefact, UNREFERENCED_ARTEFACT_MAX_AGE_MS, writeBuildCache } from '../../src/core/build-cache.js';
import { prepareScript } from '../../src/engine/controller/prepared-script.js';

const savedCacheDir = process.env['LOADGATE_CACHE_DIR'];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loadgate-build-cache-'));
  process.env['LOADGATE_CACHE_DIR'] = join(dir, 'cache');
});
afterAll(() => {
  if (savedCacheDir === undefined) delete process.env['LOADGATE_CACHE_DIR'];
  else process.env['LOADGATE_CACHE_DIR'] = savedCacheDir;
});

describe('build cache', () => {
  it('lives in $LOADGATE_CACHE_DIR/engine when set (base checkouts use its worktrees/)', () => {
    expect(buildCacheDir()).toBe(join(dir, 'cache', 'engine'));
    expect(buildCacheDir({})).toMatch(process.getuid ? new RegExp(`loadgate-engine-${process.getuid()}$`) : /loadgate-engine-/);
  });

  it('serves a value while its inputs are unchanged, and not after one changes or disappears', async () => {
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    writeFileSync(a, 'one');
    writeFileSync(b, 'two');
    const file = buildCacheFile('test', 'inputs a and b');
    expect(readBuildCache(file)).toBeUndefined();
    await writeBuildCache(file, [a, b], { built: 1 });
    expect(readBuildCache(file)).toEqual({ built: 1 });
    writeFileSync(b, 'two, edited');
    expect(readBuildCache(file)).toBeUndefined();
    writeFileSync(b, 'two');
    expect(readBuildCache(file)).toEqual({ built: 1 });
    await writeBuildCache(file, [a, join(dir, 'missing.txt')], { built: 2 });
    // An input that cannot be read is not recorded: the old entry stays, and still checks its own inputs.
    expect(readBuildCache(file)).toEqual({ built: 1 });
    // Written by rename: no temporary files are left beside the entries.
    expect(readdirSync(join(dir, 'cache', 'engine')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('is read and written only in a folder that is this user\'s alone (what it holds is run as code)', async () => {
    const input = join(dir, 'input.txt');
    writeFileSync(input, 'x');
    const shared = join(dir, 'shared');
    process.env['LOADGATE_CACHE_DIR'] = shared;
    try {
      const file = buildCacheFile('test', 'private');
      await writeBuildCache(file, [input], { built: 'mine' });
      // Made 0700 whatever the umask.
      expect(statSync(join(shared, 'engine')).mode & 0o777).toBe(0o700);
      expect(readBuildCache(file)).toEqual({ built: 'mine' });
      // Writable by others: someone else could have planted the entry; it is not served, and nothing more is written.
      chmodSync(join(shared, 'engine'), 0o777);
      expect(isPrivateDir(join(shared, 'engine'))).toBe(false);
      expect(readBuildCache(file)).toBeUndefined();
      const other = buildCacheFile('test', 'another');
      await writeBuildCache(other, [input], { built: 'not written' });
      expect(existsSync(other)).toBe(false);
      chmodSync(join(shared, 'engine'), 0o700);
      expect(readBuildCache(file)).toEqual({ built: 'mine' });
      // A symlink to a folder is not the folder: whoever made the link chose where it points.
      const link = join(dir, 'linked');
      mkdirSync(link);
      symlinkSync(join(shared, 'engine'), join(link, 'engine'));
      expect(isPrivateDir(join(link, 'engine'))).toBe(false);
      if (process.getuid?.() === 0) {
        // Owned by another user (root can hand it over): not ours.
        chownSync(join(shared, 'engine'), 65534, 65534);
        expect(readBuildCache(file)).toBeUndefined();
      }
    } finally {
      process.env['LOADGATE_CACHE_DIR'] = join(dir, 'cache');
    }
  });

  it('a cached compiled script follows edits to the script and to the files it imports', async () => {
    const lib = join(dir, 'lib.js');
    const script = join(dir, 'script.js');
    writeFileSync(lib, "export const word = 'first';\n");
    writeFileSync(script, "import { word } from './lib.js';\nexport default function () { console.log(word); }\n");
    const first = await prepareScript(script, 'auto');
    expect(first.script.code).toContain('first');
    expect(await prepareScript(script, 'auto')).toEqual(first);
    writeFileSync(lib, "export const word = 'second';\n");
    const second = await prepareScript(script, 'auto');
    expect(second.script.code).toContain('second');
    expect(second.script.code).not.toContain('first');
    writeFileSync(script, "import { word } from './lib.js';\nexport default function () { console.log('third', word); }\n");
    expect((await prepareScript(script, 'auto')).script.code).toContain('third');
  });

  it('a script that does not compile is reported every time, never cached', async () => {
    const script = join(dir, 'broken.js');
    writeFileSync(script, 'export default function () { let x = ; }\n');
    await expect(prepareScript(script, 'auto')).rejects.toThrow();
    await expect(prepareScript(script, 'auto')).rejects.toThrow();
  });

  it('writing an entry deletes the entries of its kind not rewritten for two weeks, and only those', async () => {
    const input = join(dir, 'input.txt');
    writeFileSync(input, 'x');
    const old = buildCacheFile('prune', 'old');
    const recent = buildCacheFile('prune', 'recent');
    const otherKind = buildCacheFile('keep', 'old');
    for (const f of [old, recent, otherKind]) await writeBuildCache(f, [input], 1);
    const longAgo = (Date.now() - BUILD_CACHE_MAX_AGE_MS - 60_000) / 1000;
    utimesSync(old, longAgo, longAgo);
    utimesSync(otherKind, longAgo, longAgo);
    await writeBuildCache(buildCacheFile('prune', 'new'), [input], 2);
    expect([old, recent, otherKind].map((f) => existsSync(f))).toEqual([false, true, true]);
  });

  it('an artefact no entry names (a rebuild replaced it) goes with its map once unused for a day; one named, or used lately, stays', async () => {
    const cache = mkdtempSync(join(dir, 'artefacts-'));
    const input = join(dir, 'artefact-input.txt');
    writeFileSync(input, 'x');
    const files = (names: string[]): string[] => names.map((n) => join(cache, n));
    const [named, replaced, usedLately, otherKind] = files(['bundle-aaaa.mjs', 'bundle-bbbb.mjs', 'bundle-cccc.mjs', 'other-dddd.mjs']);
    for (const f of [named, replaced, usedLately, otherKind]) {
      writeFileSync(f!, 'code');
      writeFileSync(`${f}.map`, '{}');
    }
    // The entry names the current bundle, as worker-bundle.ts records it.
    writeFileSync(join(cache, 'bundle-0123456789abcdef01234567.json'), JSON.stringify({ inputs: { [input]: 'h' }, value: named }));
    const dayAgo = (Date.now() - UNREFERENCED_ARTEFACT_MAX_AGE_MS - 60_000) / 1000;
    for (const f of [named, replaced, usedLately, otherKind]) for (const g of [f!, `${f}.map`]) utimesSync(g, dayAgo, dayAgo);
    // A process still spawning threads from it touches it.
    touchArtefact(usedLately!);
    await pruneUnreferencedArtefacts(cache, 'bundle', ['.mjs', '.mjs.map']);
    expect(readdirSync(cache).sort()).toEqual(['bundle-0123456789abcdef01234567.json', 'bundle-aaaa.mjs', 'bundle-aaaa.mjs.map', 'bundle-cccc.mjs', 'bundle-cccc.mjs.map', 'other-dddd.mjs', 'other-dddd.mjs.map']);
  });
});
