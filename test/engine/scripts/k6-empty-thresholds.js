// Thresholds on metrics without samples: k6 judges them on their empty values (count 0,
// trend stats 0, gauge 0) and lets a Rate pass. No request is made: data_sent and
// data_received are still reported (0), and no dropped_iterations.
import { Trend, Rate, Counter, Gauge } from 'k6/metrics';

const t = new Trend('t_empty');
const r = new Rate('r_empty');
const c = new Counter('c_empty');
const g = new Gauge('g_empty');
const seen = new Gauge('g_seen');

export const options = {
  vus: 1,
  iterations: 1,
  thresholds: {
    t_empty: ['p(95)>10', 'p(95)<10', 'avg<1', 'min>=0', 'max>-1'],
    r_empty: ['rate>0.5', 'rate<0.5', 'rate!=0.5'],
    c_empty: ['count>0', 'count<1', 'rate<1', 'rate>=0'],
    g_empty: ['value>0', 'value<1'],
    'iterations{foo:bar}': ['count>0'],
    g_seen: ['value<0'],
  },
};

export default function () {
  seen.add(-5);
  seen.add(-7);
}

export function handleSummary(data) {
  return { stdout: JSON.stringify({ metrics: data.metrics }) };
}
