/**
 * k6 options the embedded engine knows but does not implement. Ignoring one silently
 * would change what the test measures without a word, so each one the script sets
 * (to anything but its k6 default) gets a warning naming it and what is lost.
 */

/** Option → what the engine does instead (the warning's reason). */
const UNSUPPORTED: Record<string, string> = {
  paused: 'the test starts at once',
};

/** The default of each option above, when it is not "unset": a script may spell the default out. */
function isDefault(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as object).length === 0;
  return false;
}

/** The system tags k6 can add that the engine does not (k6 writes them as samples' metadata, which the engine has not). */
const SYSTEM_TAGS_NOT_ADDED = ['vu', 'iter'];

/** One warning per unsupported option the script sets, naming it and what the engine does instead. */
export function unsupportedOptionWarnings(raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, reason] of Object.entries(UNSUPPORTED)) {
    if (key in raw && !isDefault(raw[key])) out.push(`options.${key} is not supported by the embedded engine and is ignored: ${reason} (run the script on k6 if it depends on it)`);
  }
  // systemTags is honoured for the tags the engine adds, except where this says it is not.
  if (Array.isArray(raw.systemTags)) {
    const asked = raw.systemTags.map(String);
    const notAdded = SYSTEM_TAGS_NOT_ADDED.filter((t) => asked.includes(t));
    if (notAdded.length) out.push(`options.systemTags: the embedded engine does not add the ${notAdded.join(', ')} tag${notAdded.length > 1 ? 's' : ''} to samples (run the script on k6 if it depends on them)`);
  }
  return out;
}
