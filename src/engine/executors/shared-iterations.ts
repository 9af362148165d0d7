/** shared-iterations: `iterations` in total, claimed by whichever VU is free (bounded by maxDuration). */
import type { ScenarioRun } from './scenario-run.js';

export async function runSharedIterations(run: ScenarioRun): Promise<void> {
  const { config } = run;
  // k6 never starts more VUs than there are iterations.
  const vus = run.vus.slice(0, Math.min(config.vus, config.iterations));
  const loops = vus.map((vu) => run.start(vu, 'loop', { sharedIterations: config.iterations }));
  const finished = await Promise.race([Promise.all(loops).then(() => true), run.wait(config.maxDurationMs).then(() => false)]);
  if (!finished) {
    await run.stop(vus, config.gracefulStopMs);
    // As k6: iterations maxDuration left unstarted are dropped_iterations.
    const unstarted = config.iterations - run.completed - run.interrupted;
    if (unstarted > 0) run.hooks.dropped(unstarted);
  }
}
