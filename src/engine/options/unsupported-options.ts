/**
 * What k6 options ask of the embedded engine that it does not do. Ignoring it silently would
 * change what the test measures without a word, so the script gets a warning naming it and
 * what is lost. Every option k6 has is implemented now but for two system tags.
 */

/** The system tags k6 can add that the engine does not (k6 writes them as samples' metadata, which the engine has not). */
const SYSTEM_TAGS_NOT_ADDED = ['vu', 'iter'];

/** A warning for each part of the options the engine does not do, naming it and what is lost. */
export function unsupportedOptionWarnings(raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  // systemTags is honoured for the tags the engine adds, except where this says it is not.
  if (Array.isArray(raw.systemTags)) {
    const asked = raw.systemTags.map(String);
    const notAdded = SYSTEM_TAGS_NOT_ADDED.filter((t) => asked.includes(t));
    if (notAdded.length) out.push(`options.systemTags: the embedded engine does not add the ${notAdded.join(', ')} tag${notAdded.length > 1 ? 's' : ''} to samples (run the script on k6 if it depends on them)`);
  }
  return out;
}
