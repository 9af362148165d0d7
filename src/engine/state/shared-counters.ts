/**
 * The shared counters buffer (Int32): instance-wide numbers for k6/execution and the
 * progress line, then COUNTERS_PER_SCENARIO counters per scenario. VU workers add to the
 * iteration counters as iterations end, so readers never lag; the controller publishes
 * the VU numbers and adds the iterations it abandons.
 */
import { MAX_SCENARIOS } from '../options/limits.js';

export const INSTANCE_VUS_ACTIVE = 0;
export const INSTANCE_VUS_INITIALIZED = 1;
export const INSTANCE_ITERATIONS_COMPLETED = 2;
export const INSTANCE_ITERATIONS_INTERRUPTED = 3;
export const SCENARIO_COUNTERS_BASE = 4;
/** Per scenario: iterations claimed (shared-iterations), started, completed, interrupted. */
export const SCENARIO_CLAIMED = 0;
export const SCENARIO_STARTED = 1;
export const SCENARIO_COMPLETED = 2;
export const SCENARIO_INTERRUPTED = 3;
export const COUNTERS_PER_SCENARIO = 4;
export const COUNTERS_BYTES = 4 * (SCENARIO_COUNTERS_BASE + COUNTERS_PER_SCENARIO * MAX_SCENARIOS);

/** Slot of counter `which` (SCENARIO_*) of scenario `index`. */
export function scenarioCounter(index: number, which: number): number {
  return SCENARIO_COUNTERS_BASE + index * COUNTERS_PER_SCENARIO + which;
}
