import { UsageError } from '../core/errors.js';
import { pathNameProblem } from '../core/path-names.js';
import type { ResolvedConfig } from './types.js';

/**
 * The profile `name` from the config, for every command that takes `--profile`. The name is
 * checked against the path-name rule first (it becomes part of baseline, history and results
 * paths), then looked up; both messages list the valid profiles.
 * @throws UsageError `invalid profile name …` or `unknown profile …`
 */
export function selectProfile(config: ResolvedConfig, name: string): ResolvedConfig['profiles'][string] {
  const valid = `valid profiles: ${Object.keys(config.profiles).join(', ')}`;
  const problem = pathNameProblem(name);
  if (problem) throw new UsageError(`invalid profile name: ${problem}; ${valid}`);
  const profile = config.profiles[name];
  if (!profile) throw new UsageError(`unknown profile "${name}"; ${valid}`);
  return profile;
}
