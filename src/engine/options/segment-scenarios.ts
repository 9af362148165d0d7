/**
 * Cuts each scenario down to this instance's execution segment, the way k6's
 * executors do (lib/executor): VU counts are scaled with the striped ScaleInt64;
 * shared-iterations' iterations are striped over its VU split; arrival-rate
 * executors keep the whole schedule and start only the arrivals on their stripes
 * (striped over the maxVUs split). The instances of one sequence together run the
 * unsegmented test: the same VUs, iterations and arrivals, each exactly once.
 */
import type { ScenarioConfig } from './scenarios.js';
import type { ExecutionTuple } from '../segments/execution-tuple.js';

/** The scenario as this instance runs it; unchanged for an unsegmented run. */
export function segmentScenario(cfg: ScenarioConfig, tuple: ExecutionTuple): ScenarioConfig {
  if (tuple.isWholeTest) return cfg;
  const out: ScenarioConfig = { ...cfg, segment: { tuple, iterations: tuple } };
  switch (cfg.executor) {
    case 'constant-vus':
    case 'per-vu-iterations':
      out.vus = tuple.scale(cfg.vus);
      break;
    case 'shared-iterations': {
      const iterations = tuple.forValue(cfg.vus);
      out.vus = tuple.scale(cfg.vus);
      out.iterations = iterations?.scale(cfg.iterations) ?? 0;
      out.segment = { tuple, iterations };
      break;
    }
    case 'ramping-vus':
      // startVUs and stage targets stay whole-test numbers: the executor scales the target at each moment.
      break;
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      out.preAllocatedVUs = tuple.scale(cfg.preAllocatedVUs);
      out.maxVUs = tuple.scale(cfg.maxVUs);
      out.segment = { tuple, iterations: tuple.forValue(cfg.maxVUs) };
      break;
    }
  }
  return out;
}

/**
 * Whether this instance has anything to run of a segmented scenario (k6's HasWork):
 * its share of VUs (and of iterations, or of arrivals) is not empty.
 */
export function segmentHasWork(cfg: ScenarioConfig): boolean {
  const seg = cfg.segment;
  if (!seg) return true;
  switch (cfg.executor) {
    case 'constant-vus':
    case 'per-vu-iterations':
      return cfg.vus > 0;
    case 'shared-iterations':
      return cfg.vus > 0 && cfg.iterations > 0;
    case 'ramping-vus':
      return seg.tuple.scale(Math.max(cfg.startVUs, ...cfg.stages.map((s) => s.target))) > 0;
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate':
      return cfg.maxVUs > 0 && seg.iterations !== undefined;
  }
}
