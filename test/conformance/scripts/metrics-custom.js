// about: Counter, Gauge, Rate and Trend with tags, and thresholds on them and their sub-metrics
// conformance: {"counts":["my_counter","my_gauge","my_rate"]}
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
const counter = new Counter('my_counter');
const gauge = new Gauge('my_gauge');
const rate = new Rate('my_rate');
const trend = new Trend('my_trend');
const timeTrend = new Trend('my_time_trend', true);
export const options = {
  iterations: 4,
  thresholds: {
    my_counter: ['count==10'],
    'my_counter{kind:b}': ['count==6'],
    my_gauge: ['value==4'],
    my_rate: ['rate==0.5'],
    my_trend: ['avg==2.5', 'min==1', 'max==4', 'med==2.5', 'p(90)<=4'],
    my_time_trend: ['max<1000'],
  },
};
let n = 0;
export default function () {
  n++;
  counter.add(1, { kind: 'a' });
  counter.add(1.5, { kind: 'b' });
  gauge.add(__ITER + 1);
  rate.add(__ITER % 2 === 0);
  trend.add(__ITER + 1);
  timeTrend.add(12.5);
}
