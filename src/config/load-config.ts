import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { build } from 'esbuild';
import { ConfigError } from '../core/errors.js';
import { firstEsbuildError } from '../core/esbuild-errors.js';
import { resolveConfig } from './resolve-config.js';
import type { ResolvedConfig, UserConfig } from './types.js';
import { validateUserConfig } from './validate-config.js';

/** Config file names looked up in the project root, first match wins. */
export const CONFIG_FILE_NAMES = ['loadgate.config.ts', 'loadgate.config.mjs', 'loadgate.config.js'];

/** Identity helper that gives a config file types and completion. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

/**
 * Finds, loads, validates and resolves the project's config. `configFile` forces a
 * file; otherwise the root is searched and defaults are used when there is none.
 */
export async function loadConfig(options: { root?: string; configFile?: string } = {}): Promise<ResolvedConfig> {
  const root = resolve(options.root ?? process.cwd());
  const file = options.configFile
    ? resolve(root, options.configFile)
    : CONFIG_FILE_NAMES.map((n) => join(root, n)).find((p) => existsSync(p));
  if (!file) return resolveConfig({}, root, null);
  if (!existsSync(file)) throw new ConfigError(file, '', 'config file not found');
  const raw = await importConfigFile(file, root);
  return resolveConfig(validateUserConfig(raw, file), root, file);
}

/** Bundles the TypeScript config with esbuild (packages stay external) and imports it. */
async function importConfigFile(file: string, root: string): Promise<unknown> {
  const outDir = join(root, '.loadgate', 'config');
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, `config.${process.pid}.${randomBytes(4).toString('hex')}.mjs`);
  try {
    await build({
      entryPoints: [file],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile,
      logLevel: 'silent',
    });
    const mod = (await import(pathToFileURL(outfile).href)) as { default?: unknown };
    if (mod.default === undefined) {
      throw new ConfigError(file, '', 'has no default export; write `export default defineConfig({ ... })`');
    }
    return mod.default;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const failure = firstEsbuildError(err);
    if (failure) {
      const at = failure.location;
      throw new ConfigError(file, at ? `line ${at.line}, column ${at.column}` : '', failure.text);
    }
    throw new ConfigError(file, '', `failed to load: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await rm(outfile, { force: true });
  }
}
