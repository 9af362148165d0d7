/**
 * k6 options the embedded engine knows but does not implement. Ignoring one silently
 * would change what the test measures without a word, so each one the script sets
 * (to anything but its k6 default) gets a warning naming it and what is lost.
 */

/** Option → what the engine does instead (the warning's reason). */
const UNSUPPORTED: Record<string, string> = {
  dns: 'DNS uses the system resolver with its own caching and selection',
  localIPs: 'connections use the default source address',
  systemTags: 'samples carry the default system tags',
  paused: 'the test starts at once',
};

/** The default of each option above, when it is not "unset": a script may spell the default out. */
function isDefault(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as object).length === 0;
  return false;
}

/** One warning per unsupported option the script sets, naming it and what the engine does instead. */
export function unsupportedOptionWarnings(raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, reason] of Object.entries(UNSUPPORTED)) {
    if (key in raw && !isDefault(raw[key])) out.push(`options.${key} is not supported by the embedded engine and is ignored: ${reason} (run the script on k6 if it depends on it)`);
  }
  return out;
}
