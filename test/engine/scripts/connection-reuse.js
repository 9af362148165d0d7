// 3 iterations of 2 requests on one VU, sync (http.get) or async (asyncRequest) by STYLE,
// with noConnectionReuse / noVUConnectionReuse from REUSE.
import http from 'k6/http';

export const options = {
  scenarios: { one: { executor: 'per-vu-iterations', vus: 1, iterations: 3 } },
  noConnectionReuse: __ENV.REUSE === 'none',
  noVUConnectionReuse: __ENV.REUSE === 'per-iteration',
};

export default async function () {
  for (let i = 0; i < 2; i++) {
    if (__ENV.STYLE === 'sync') http.get(`${__ENV.BASE_URL}/health`);
    else await http.asyncRequest('GET', `${__ENV.BASE_URL}/health`);
  }
}
