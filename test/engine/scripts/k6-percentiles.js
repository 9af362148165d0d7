// Trend percentiles and their thresholds, the same on k6 and the embedded engine.
// MODE=small: the values 0..5 (k6: med 2.5, p(90) 4.5, p(95) 4.75).
// MODE=lcg: N values from a Lehmer generator (exact in float64), spread over -300..700.
import { Trend } from 'k6/metrics';

const values = new Trend('values');
const MODE = __ENV.MODE || 'small';
const N = Number(__ENV.N || 1000);
const thresholds = MODE === 'small' ? { values: ['med==2.5', 'p(90)==4.5', 'p(95)==4.75', 'avg==2.5', 'min==0', 'max==5', 'p(95)<4.75', 'med!=2'] } : {};

export const options = {
  vus: 1,
  iterations: 1,
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'p(12.345)', 'count'],
  thresholds,
};

export default function () {
  if (MODE === 'small') {
    for (let i = 0; i <= 5; i++) values.add(i);
    return;
  }
  let x = 12345;
  for (let i = 0; i < N; i++) {
    x = (x * 48271) % 2147483647;
    values.add((x / 2147483647) * 1000 - 300);
  }
}

export function handleSummary(data) {
  return { stdout: JSON.stringify({ metrics: data.metrics }) };
}
