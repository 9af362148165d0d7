/** constant-vus: a fixed number of VUs loop for a duration, then gracefulStop. */
import type { ScenarioRun } from './scenario-run.js';

export async function runConstantVus(run: ScenarioRun): Promise<void> {
  const { config } = run;
  const vus = run.vus.slice(0, config.vus);
  for (const vu of vus) void run.start(vu, 'loop');
  await run.wait(config.durationMs);
  await run.stop(vus, config.gracefulStopMs);
}
