/** The `k6/metrics` module: Counter, Gauge, Rate, Trend (custom metrics, declared in the init context). */
import type { MetricType } from '../../core/threshold-expression.js';
import { currentTags, tagSetWith, type VuState } from '../state/vu-state.js';
import { GoError } from './go-error.js';

/** k6's rule for custom metric names (v0.49 and current alike): what Prometheus accepts. */
const K6_METRIC_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

export function createMetricsModule(vu: VuState): Record<string, unknown> {
  function makeClass(type: MetricType) {
    return class CustomMetric {
      readonly name: string;
      private readonly id: number;
      constructor(name: string, isTime = false) {
        if (!vu.inInit) throw new GoError('metrics must be declared in the init context');
        if (typeof name !== 'string' || !K6_METRIC_NAME.test(name)) {
          throw new GoError(`Invalid metric name: '${String(name)}'. Metric names must only include up to 128 ASCII letters, numbers, or underscores and start with a letter or an underscore.`);
        }
        this.name = name;
        this.id = vu.samples.define({ name, type, contains: type === 'trend' && isTime ? 'time' : 'default' });
      }
      add(value: unknown, tags?: Record<string, string>): boolean {
        const v = type === 'rate' ? (value ? 1 : 0) : Number(value);
        if (Number.isNaN(v)) {
          vu.warn(`'${String(value)}' is an invalid value for metric '${this.name}', a number or a boolean value is expected`);
          return false;
        }
        const id = tags ? vu.samples.tagSet({ ...currentTags(vu), ...stringify(tags) }) : tagSetWith(vu, '');
        vu.samples.add(this.id, id, v);
        return true;
      }
    };
  }
  const mod = { Counter: makeClass('counter'), Gauge: makeClass('gauge'), Rate: makeClass('rate'), Trend: makeClass('trend') };
  return { ...mod, default: mod, __esModule: true };
}

function stringify(tags: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) out[k] = String(v);
  return out;
}
