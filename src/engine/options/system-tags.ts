/**
 * k6's system tags (`options.systemTags`, `--system-tags`): which of the tags k6 adds itself a
 * sample carries. Unset, k6's default set (metrics.DefaultSystemTagSet): all but `vu`, `iter`,
 * `ip` and `ocsp_status`. The engine adds them where k6 does (requests, checks, groups, ws);
 * `check` and `group` it still keeps inside, for its summary's checks per group, and the
 * metric registry hides them from thresholds and outputs when the option leaves them out.
 */

/** k6's default set, in the order exec.test.options lists it. */
export const DEFAULT_SYSTEM_TAGS: readonly string[] = ['check', 'error', 'error_code', 'expected_response', 'group', 'method', 'name', 'proto', 'scenario', 'service', 'status', 'subproto', 'tls_version', 'url'];

/** The tags a sample carries: set membership, as the VUs test it. */
export type SystemTagSet = Readonly<Record<string, true>>;

const DEFAULT_SET: SystemTagSet = Object.fromEntries(DEFAULT_SYSTEM_TAGS.map((t) => [t, true] as const));

/** The set options.systemTags names; undefined when the option is not a list (k6's default set). */
export function systemTagSet(option: unknown): SystemTagSet | undefined {
  return Array.isArray(option) ? Object.fromEntries(option.map((t) => [String(t), true] as const)) : undefined;
}

/** Whether samples carry system tag `tag` under `set` (undefined: k6's default set). */
export function carriesSystemTag(set: SystemTagSet | undefined, tag: string): boolean {
  return (set ?? DEFAULT_SET)[tag] === true;
}

/** The tags the engine keeps on samples for its summary though the option leaves them out: hidden from thresholds and outputs. */
export function summaryOnlyTags(set: SystemTagSet | undefined): string[] {
  return ['check', 'group'].filter((t) => !carriesSystemTag(set, t));
}
