/**
 * Metric definitions shared by the VU side (which emits samples) and the
 * controller side (which aggregates them): k6's built-in metrics and the
 * wire format of sample batches sent from VU workers.
 */
import type { MetricType } from '../../core/threshold-expression.js';
import type { MetricContains } from '../../core/k6-summary.js';

export interface MetricDefinition {
  name: string;
  type: MetricType;
  contains: MetricContains;
}

/** k6's built-in metrics (k6 docs, "Built-in metrics"). */
export const BUILTIN_METRICS: ReadonlyArray<MetricDefinition> = [
  { name: 'vus', type: 'gauge', contains: 'default' },
  { name: 'vus_max', type: 'gauge', contains: 'default' },
  { name: 'iterations', type: 'counter', contains: 'default' },
  { name: 'iteration_duration', type: 'trend', contains: 'time' },
  { name: 'dropped_iterations', type: 'counter', contains: 'default' },
  { name: 'data_received', type: 'counter', contains: 'data' },
  { name: 'data_sent', type: 'counter', contains: 'data' },
  { name: 'checks', type: 'rate', contains: 'default' },
  { name: 'group_duration', type: 'trend', contains: 'time' },
  { name: 'http_reqs', type: 'counter', contains: 'default' },
  { name: 'http_req_blocked', type: 'trend', contains: 'time' },
  { name: 'http_req_connecting', type: 'trend', contains: 'time' },
  { name: 'http_req_tls_handshaking', type: 'trend', contains: 'time' },
  { name: 'http_req_sending', type: 'trend', contains: 'time' },
  { name: 'http_req_waiting', type: 'trend', contains: 'time' },
  { name: 'http_req_receiving', type: 'trend', contains: 'time' },
  { name: 'http_req_duration', type: 'trend', contains: 'time' },
  { name: 'http_req_failed', type: 'rate', contains: 'default' },
  // k6/ws (modules/ws.ts).
  { name: 'ws_sessions', type: 'counter', contains: 'default' },
  { name: 'ws_msgs_sent', type: 'counter', contains: 'default' },
  { name: 'ws_msgs_received', type: 'counter', contains: 'default' },
  { name: 'ws_ping', type: 'trend', contains: 'time' },
  { name: 'ws_session_duration', type: 'trend', contains: 'time' },
  { name: 'ws_connecting', type: 'trend', contains: 'time' },
];

/** Worker-side id of a built-in metric (SampleBuffer defines them first, in this order). */
export const BUILTIN_ID: Readonly<Record<string, number>> = Object.fromEntries(BUILTIN_METRICS.map((m, i) => [m.name, i]));


/** k6's rule for custom metric names (metrics/registry.go). */
export const METRIC_NAME_PATTERN = /^[\p{L}\p{N}._ !?/&#()<>%-]{1,128}$/u;

/** Flattened samples in a batch: [metricId, tagSetId, value, timeMs] repeated. */
export const SAMPLE_STRIDE = 4;

/** A batch of samples from one VU worker; ids are local to that worker. */
export interface SampleBatch {
  /** Metrics first used since the previous batch, id → definition. */
  metrics: Array<{ id: number } & MetricDefinition>;
  /** Tag sets first used since the previous batch. */
  tagSets: Array<{ id: number; tags: Record<string, string> }>;
  /** Group paths first entered since the previous batch (`::health`), in order. */
  groups: string[];
  samples: Float64Array;
}
