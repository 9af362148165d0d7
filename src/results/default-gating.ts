import type { GatingMetric } from './results.js';

/** Default minimum effect of a gating metric, in %. */
export const DEFAULT_MIN_EFFECT_PCT = 5;

/**
 * The metrics a scenario is gated on when it declares none: latency (p(95) and median of
 * http_req_duration, p(95) of iteration_duration; lower is better), errors
 * (http_req_failed rate; lower), throughput (http_reqs rate; higher) and checks (rate; higher).
 *
 * Zero baselines: a healthy run has http_req_failed = 0, so any error would be +∞ %.
 * Rates in [0, 1] get `effectFloor: 0.01`: the effect is measured against
 * max(base, 1 %), so 0 → 0.0001 (1 in 10 000) is a 1 % effect (below the 5 % floor), while
 * 0 → 0.001 (0.1 % errors) is 10 % and, if significant, a regression.
 */
export function defaultGatingMetrics(): GatingMetric[] {
  // No minEffectPct of their own: the comparison's applies (compare.minEffectPct, --min-effect).
  return [
    { metric: 'http_req_duration', stat: 'p(95)', direction: 'lower', gate: true },
    { metric: 'http_req_duration', stat: 'med', direction: 'lower', gate: true },
    { metric: 'http_req_failed', stat: 'rate', direction: 'lower', gate: true, effectFloor: 0.01 },
    { metric: 'http_reqs', stat: 'rate', direction: 'higher', gate: true },
    { metric: 'checks', stat: 'rate', direction: 'higher', gate: true, effectFloor: 0.01 },
    { metric: 'iteration_duration', stat: 'p(95)', direction: 'lower', gate: true },
    // Only compared when the service's Prometheus metrics were scraped (see runner/server-metrics).
    { metric: 'server_cpu_per_request', stat: 'value', direction: 'lower', gate: true },
    { metric: 'server_handler_duration', stat: 'value', direction: 'lower', gate: true },
  ];
}
