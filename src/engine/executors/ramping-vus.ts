/**
 * ramping-vus: the number of looping VUs follows the stages linearly; VUs taken
 * away get gracefulRampDown to finish their iteration; gracefulStop at the end.
 */
import type { ScenarioRun } from './scenario-run.js';
import { regularDurationMs, type Stage } from '../options/scenarios.js';
import type { VuRef } from './vu-ref.js';

/** How often the target VU count is recomputed. */
const TICK_MS = 50;

/** Target VUs at `t` ms into the stages (linear within a stage). */
export function rampingTarget(startVUs: number, stages: readonly Stage[], t: number): number {
  let from = startVUs;
  let at = 0;
  for (const s of stages) {
    if (t < at + s.durationMs) return Math.round(from + ((s.target - from) * (t - at)) / s.durationMs);
    at += s.durationMs;
    from = s.target;
  }
  return from;
}

export async function runRampingVus(run: ScenarioRun): Promise<void> {
  const { config } = run;
  const total = regularDurationMs(config);
  const active: VuRef[] = [];
  const rampDowns: Array<Promise<void>> = [];
  for (;;) {
    const t = run.elapsedMs();
    if (t >= total || run.isAborted) break;
    const wholeTestTarget = rampingTarget(config.startVUs, config.stages, t);
    // Segmented: this instance's stripes of the whole-test VU count, so the instances always add up to it.
    const target = Math.min(config.segment ? config.segment.tuple.scale(wholeTestTarget) : wholeTestTarget, run.vus.length);
    while (active.length < target) {
      const vu = run.vus.find((v) => !v.busy && !active.includes(v));
      if (!vu) break;
      active.push(vu);
      void run.start(vu, 'loop');
    }
    if (active.length > target) {
      const removed = active.splice(target);
      rampDowns.push(run.stop(removed, config.gracefulRampDownMs));
    }
    await run.wait(Math.min(TICK_MS, total - t));
  }
  // The last stage's ramp-down ends with the stages: VUs above its target are ramped down
  // (gracefulRampDown), as k6 does; only those the final target keeps get gracefulStop.
  if (!run.isAborted) {
    const last = config.stages.at(-1)?.target ?? config.startVUs;
    const finalTarget = config.segment ? config.segment.tuple.scale(last) : last;
    if (active.length > finalTarget) rampDowns.push(run.stop(active.splice(finalTarget), config.gracefulRampDownMs));
  }
  await run.stop(active, config.gracefulStopMs);
  await Promise.all(rampDowns);
}
