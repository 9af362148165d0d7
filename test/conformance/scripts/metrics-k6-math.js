// about: k6's percentiles on the values 0..5 (interpolated: med 2.5, p(90) 4.5, p(95) 4.75) as threshold verdicts
// conformance: {"counts":["http_reqs"]}
// (Rates are left out: a rate threshold on a run this short turns on how fast the machine is at that moment.)
import http from 'k6/http';
import { Trend } from 'k6/metrics';
const t = new Trend('values');
export const options = {
  iterations: 3,
  thresholds: { values: ['med==2.5', 'p(90)==4.5', 'p(95)==4.75', 'avg==2.5', 'min==0', 'max==5'] },
};
export default function () {
  http.get(`${__ENV.BASE_URL}/health`);
  if (__ITER === 0) for (let v = 0; v <= 5; v++) t.add(v);
}
