/**
 * k6's config file (`-c/--config PATH`, else `K6_CONFIG`, else k6's default file in the user's
 * config folder when there is one): JSON test options, the lowest of
 * k6's layers (config file, then the script's options, K6_* variables, flags). Read and
 * refused as each k6 generation reads it, word for word (measured against k6 v2.2.0 and
 * v0.49.0): `stat PATH: no such file or directory`, `couldn't parse the configuration from
 * "PATH": …` with Go's JSON and strconv texts; k6 v2 puts `failed to load the configuration
 * file from the local file system: ` first and exits 104, v0.49 exits 255. Fields k6 does not
 * know are ignored without a word, as k6 ignores them there.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { goErrnoText } from '../core/go-errno.js';
import { ScriptLoadOptionsError } from '../engine/invalid-options-error.js';
import { K6ExitCode } from '../core/errors.js';
import type { K6Compat } from '../engine/k6-compat.js';
import { goJsonUnmarshalError } from '../engine/modules/go-json.js';
import { knownScriptOptions } from '../engine/options/engine-options.js';
import { decodeScriptOptions } from '../engine/options/go-option-types.js';
import { checkExecutor } from '../engine/options/scenarios.js';
import type { OptionLayerError } from '../engine/types.js';

/** The file's test options and its `linger` (a field of k6's config, not an option), or k6's refusal. */
export type K6ConfigFile = { options: Record<string, unknown>; linger?: boolean } | { error: OptionLayerError };

/** The config file's options, or k6's refusal of it (the engine reports it where k6 does). */
export function readK6ConfigFile(path: string, compat: K6Compat): K6ConfigFile {
  const refuse = (reason: string): K6ConfigFile => ({
    error: {
      layer: 'config-file',
      message: compat === 'v0.49' ? reason : `failed to load the configuration file from the local file system: ${reason}`,
      exitCode: compat === 'v0.49' ? K6ExitCode.usage : K6ExitCode.invalidConfig,
    },
  });
  try {
    statSync(path);
  } catch (err) {
    return refuse(`stat ${path}: ${goErrnoText(err as NodeJS.ErrnoException)}`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return refuse(`couldn't load the configuration from ${JSON.stringify(path)}: read ${path}: ${goErrnoText(err as NodeJS.ErrnoException)}`);
  }
  const parseError = (reason: string): K6ConfigFile => refuse(`couldn't parse the configuration from ${JSON.stringify(path)}: ${reason}`);
  const syntax = goJsonUnmarshalError(bytes);
  if (syntax) return parseError(syntax.message);
  const value: unknown = JSON.parse(bytes.toString('utf8'));
  if (value === null) return { options: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return parseError(`json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value} into Go value of type cmd.Config`);
  }
  const { options } = knownScriptOptions(value as Record<string, unknown>, compat);
  const { linger } = value as { linger?: unknown };
  try {
    const { linger: decodedLinger, ...decoded } = decodeScriptOptions(linger === undefined ? options : { ...options, linger }, compat);
    const scenarios = decoded.scenarios;
    if (scenarios && typeof scenarios === 'object') {
      for (const [name, s] of Object.entries(scenarios as Record<string, unknown>)) checkExecutor(`scenarios.${name}`, (s as { executor?: unknown } | null)?.executor);
    }
    return { options: decoded, ...(typeof decodedLinger === 'boolean' && { linger: decodedLinger }) };
  } catch (err) {
    if (err instanceof ScriptLoadOptionsError) return parseError(configFileWords(err.reason, compat));
    throw err;
  }
}

/**
 * Where k6 looks for its config file when none is named: Go's os.UserConfigDir() ($XDG_CONFIG_HOME
 * when absolute, else $HOME/.config; macOS ~/Library/Application Support; Windows %AppData%),
 * then `k6/config.json` for k6 v2 and `loadimpact/k6/config.json` for v0.49 (measured: each
 * generation reads only its own). Undefined when there is no such folder to name.
 */
export function defaultK6ConfigPath(compat: K6Compat, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  let base: string | undefined;
  if (platform === 'win32') base = env.AppData || undefined;
  else if (platform === 'darwin') base = env.HOME ? join(env.HOME, 'Library', 'Application Support') : undefined;
  else if (env.XDG_CONFIG_HOME) base = isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : undefined;
  else base = env.HOME ? join(env.HOME, '.config') : undefined;
  if (base === undefined) return undefined;
  return join(base, ...(compat === 'v0.49' ? ['loadimpact', 'k6'] : ['k6']), 'config.json');
}

/**
 * k6's default config file, read as a named one is, when it exists; none there is no layer and
 * no word, as in k6 (a folder or a broken file there is refused, as k6 refuses it).
 */
export function readDefaultK6ConfigFile(compat: K6Compat, env: NodeJS.ProcessEnv = process.env): K6ConfigFile | undefined {
  const path = defaultK6ConfigPath(compat, env);
  if (path === undefined) return undefined;
  try {
    statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
  }
  return readK6ConfigFile(path, compat);
}

/**
 * The script decoder's words as the config file's decoder says them: k6 decodes the file
 * straight into its cmd.Config (options embedded: `Config.Options.tags` in v2, `Config.tags` in
 * v0.49), without v2's "parsing options from script" preamble.
 */
function configFileWords(reason: string, compat: K6Compat): string {
  return reason
    .replace(/^parsing options from script got error while parsing "(?:[^"\\]|\\.)*": /, '')
    .replace(/Go struct field Options\./g, compat === 'v0.49' ? 'Go struct field Config.' : 'Go struct field Config.Options.');
}
