/** The `k6/metrics` module: Counter, Gauge, Rate, Trend (custom metrics, declared in the init context). */
import { METRIC_NAME_PATTERN } from '../metrics/metric-types.js';
import type { MetricType } from '../../core/threshold-expression.js';
import { currentTags, tagSetWith, type VuState } from '../vu/vu-state.js';

export function createMetricsModule(vu: VuState): Record<string, unknown> {
  function makeClass(type: MetricType) {
    return class CustomMetric {
      readonly name: string;
      private readonly id: number;
      constructor(name: string, isTime = false) {
        if (!vu.inInit) throw new Error('metrics must be declared in the init context');
        if (typeof name !== 'string' || !METRIC_NAME_PATTERN.test(name)) {
          throw new Error(`invalid metric name ${JSON.stringify(name)}: use 1-128 letters, digits, underscores and . ! ? / & # ( ) < > % -`);
        }
        this.name = name;
        this.id = vu.samples.define({ name, type, contains: type === 'trend' && isTime ? 'time' : 'default' });
      }
      add(value: unknown, tags?: Record<string, string>): boolean {
        const v = type === 'rate' ? (value ? 1 : 0) : Number(value);
        if (Number.isNaN(v)) {
          vu.warn(`${this.name}.add(${String(value)}): the value is not a number; sample ignored`);
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
