/** per-vu-iterations: each VU runs exactly `iterations` iterations (bounded by maxDuration). */
import type { ScenarioRun } from './scenario-run.js';

export async function runPerVuIterations(run: ScenarioRun): Promise<void> {
  const { config } = run;
  const vus = run.vus.slice(0, config.vus);
  const loops = vus.map((vu) => run.start(vu, 'loop', { maxIterations: config.iterations }));
  const finished = await Promise.race([Promise.all(loops).then(() => true), run.wait(config.maxDurationMs).then(() => false)]);
  if (!finished) {
    await run.stop(vus, config.gracefulStopMs);
    // As k6: each VU's iterations maxDuration left unstarted are dropped_iterations.
    const unstarted = vus.length * config.iterations - run.completed - run.interrupted;
    if (unstarted > 0) run.hooks.dropped(unstarted);
  }
}
