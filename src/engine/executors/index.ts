/** Executor name → implementation (one file per executor, as in k6's lib/executor). */
import type { ExecutorName } from '../options/scenarios.js';
import type { ScenarioRun } from './scenario-run.js';
import { runConstantVus } from './constant-vus.js';
import { runPerVuIterations } from './per-vu-iterations.js';
import { runSharedIterations } from './shared-iterations.js';
import { runRampingVus } from './ramping-vus.js';
import { runConstantArrivalRate, runRampingArrivalRate } from './arrival-rate.js';

const EXECUTORS: Record<ExecutorName, (run: ScenarioRun) => Promise<void>> = {
  'constant-vus': runConstantVus,
  'per-vu-iterations': runPerVuIterations,
  'shared-iterations': runSharedIterations,
  'ramping-vus': runRampingVus,
  'constant-arrival-rate': runConstantArrivalRate,
  'ramping-arrival-rate': runRampingArrivalRate,
};

export function executorFor(name: ExecutorName): (run: ScenarioRun) => Promise<void> {
  return EXECUTORS[name];
}
