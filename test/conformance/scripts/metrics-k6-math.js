// about: k6's percentiles (interpolated: values 0..5 give med 2.5, p(90) 4.5) and rates (over the test's run time, not start-up)
// conformance: {"counts":["http_reqs"]}
import http from 'k6/http';
import { Trend } from 'k6/metrics';
const t = new Trend('values');
export const options = {
  iterations: 3,
  thresholds: {
    values: ['med==2.5', 'p(90)==4.5', 'p(95)==4.75', 'avg==2.5', 'min==0', 'max==5'],
    http_reqs: ['rate>30'],
    iterations: ['rate>30'],
  },
};
export default function () {
  http.get(`${__ENV.BASE_URL}/health`);
  if (__ITER === 0) for (let v = 0; v <= 5; v++) t.add(v);
}
