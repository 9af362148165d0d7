/**
 * Every command registers its flags with light imports and loads its implementation
 * inside its action: `--help` loads commander and loadgate's CLI files, nothing heavy
 * (typescript, esbuild, better-sqlite3, handlebars, redis…). Checked with a module
 * resolve hook that records every module the CLI loads.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const hook = pathToFileURL(join(import.meta.dirname, '..', 'helpers', 'record-imports.mjs')).href;

/** The npm packages a CLI run loads, by name. */
async function packagesLoaded(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<{ code: number; stdout: string; packages: string[]; commandFiles: string[] }> {
  const dir = cwd ?? (await mkdtemp(join(tmpdir(), 'loadgate-lazy-')));
  const log = join(dir, `imports-${Math.random().toString(36).slice(2)}.log`);
  const r = await runCli(args, { cwd: dir, env: { NODE_OPTIONS: `--import=${hook}`, LOADGATE_IMPORT_LOG: log, ...env } });
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  const packages = [...new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []))].sort();
  // The command modules (cli/commands/<name>.js or .ts) it loaded.
  const commandFiles = [...new Set(urls.flatMap((u) => /\/cli\/commands\/([a-z0-9-]+)\.[jt]s$/.exec(u)?.[1] ?? []))].filter((n) => n !== 'index' && n !== 'types').sort();
  return { code: r.code, stdout: r.stdout, packages, commandFiles };
}

describe('lazy commands', () => {
  it.each([[['--help']], [['compare', '--help']], [['gate', '--help']], [['k6', 'run', '--help']], [['target', 'start', '--help']], [['bisect', '--help']]])(
    'loadgate %j loads commander alone',
    async (args) => {
      const r = await packagesLoaded(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage:/);
      expect(r.packages).toEqual(['commander']);
    },
  );

  it('a command loads its own command module only; --help and a typo load them all', async () => {
    const k6 = await packagesLoaded(['k6', 'run', '--help']);
    expect(k6.commandFiles).toEqual(['k6']);
    const compare = await packagesLoaded(['compare', '--help']);
    expect(compare.commandFiles).toEqual(['compare']);
    const all = await packagesLoaded(['--help']);
    expect(all.commandFiles).toEqual(['ab', 'baseline', 'bisect', 'compare', 'gate', 'history', 'k6', 'k8s', 'merge', 'probe', 'report', 'run', 'target', 'trend']);
    const typo = await packagesLoaded(['gat']);
    expect(typo.code).toBe(2);
    expect(typo.commandFiles).toHaveLength(14);
  });

  it('a command that works loads its implementation (the hook sees it)', async () => {
    const r = await packagesLoaded(['compare', 'missing-base.json', 'missing-head.json']);
    expect(r.code).toBe(2);
    expect(r.packages).toContain('ajv');
  });

  it('k6 run loads esbuild and the parsers only to compile a script it has not compiled before', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-lazy-'));
    await writeFile(join(dir, 'one.js'), "import { sleep } from 'k6';\nexport const options = { iterations: 1 };\nexport default function () { sleep(0); }\n");
    const env = { LOADGATE_CACHE_DIR: join(dir, 'cache') };
    const first = await packagesLoaded(['k6', 'run', '-q', 'one.js'], env, dir);
    expect(first.code).toBe(0);
    expect(first.packages).toEqual(expect.arrayContaining(['esbuild', 'acorn', 'eslint-scope']));
    const again = await packagesLoaded(['k6', 'run', '-q', 'one.js'], env, dir);
    expect(again.code).toBe(0);
    expect(first.stdout).toMatch(/iterations\.+: 1 /);
    expect(again.stdout).toMatch(/iterations\.+: 1 /);
    expect(again.packages.filter((p) => ['esbuild', 'acorn', 'eslint-scope', 'typescript', 'cheerio', 'ajv', 'better-sqlite3', 'handlebars'].includes(p))).toEqual([]);
    // An edit is compiled again.
    await writeFile(join(dir, 'one.js'), "import { sleep } from 'k6';\nexport const options = { iterations: 2 };\nexport default function () { sleep(0); }\n");
    const edited = await packagesLoaded(['k6', 'run', '-q', 'one.js'], env, dir);
    expect(edited.packages).toContain('esbuild');
    expect(edited.stdout).toMatch(/iterations\.+: 2 /);
  });
});
