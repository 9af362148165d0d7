/**
 * How many scenarios one run may define: the shared counters buffer (state/shared-counters.ts)
 * is sized for this many before any script is read. k6 itself has no such limit.
 */
export const MAX_SCENARIOS = 256;
