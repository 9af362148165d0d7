/**
 * How k6 combines the CLI's --vus/--duration/--iterations with the script's options
 * before it turns shortcuts into scenarios, and the warnings it gives on the way
 * (cmd/config.go, lib/options.go Apply, lib/executor/execution_config_shortcuts.go):
 *
 * - `--duration` or `--iterations` replace the script's execution settings (its
 *   duration, iterations, stages and scenarios); current k6 warns when that drops scenarios.
 * - `--vus` alone only replaces the script's `vus`.
 * - Current k6: `vus` without duration, iterations or stages is its own shortcut (that many
 *   iterations shared among that many VUs) and wins over `scenarios`, with a warning.
 *   k6 v0.49 kept the scenarios, and without them warned that `vus` alone is ignored.
 */
import type { K6Compat } from '../k6-compat.js';
import type { Overrides } from './scenarios.js';

export interface ShortcutPrecedence {
  /** The script's options with what the CLI replaced, and `scenarios` removed where `vus` wins over them. */
  options: Record<string, unknown>;
  /** What is left to apply as CLI overrides (resolveScenarios). */
  overrides: Overrides;
  /** k6's warnings, word for word. */
  warnings: string[];
}

export function applyShortcutPrecedence(raw: Record<string, unknown>, overrides: Overrides | undefined, compat: K6Compat): ShortcutPrecedence {
  const o = overrides ?? {};
  const options = { ...raw };
  const warnings: string[] = [];
  const cliExecution = o.duration !== undefined || o.iterations !== undefined || o.stages !== undefined;
  if (cliExecution) {
    if (compat === 'v2' && given(raw.scenarios)) warnings.push('"cli" level configuration overrode scenarios configuration entirely');
    return { options, overrides: o, warnings };
  }
  if (o.vus !== undefined) options.vus = o.vus;
  const shortcut = given(options.iterations) || given(options.duration) || (Array.isArray(options.stages) && options.stages.length > 0);
  if (given(options.vus) && !shortcut) {
    const hasScenarios = given(options.scenarios) && Object.keys(options.scenarios as object).length > 0;
    if (compat === 'v2' && hasScenarios) {
      warnings.push(`\`vus=${String(options.vus)}\` overrides scenarios configuration`);
      delete options.scenarios;
    } else if (compat === 'v0.49' && !hasScenarios) {
      warnings.push(`the \`vus=${String(options.vus)}\` option will be ignored, it only works in conjunction with \`iterations\`, \`duration\`, or \`stages\``);
      delete options.vus;
    }
  }
  return { options, overrides: {}, warnings };
}

function given(v: unknown): boolean {
  return v !== undefined && v !== null;
}
