import http from 'k6/http';
// k6 takes a batch of 0 too, and then hangs forever in the first http.batch(); the engine refuses it.
export const options = { iterations: 1, batch: 0, batchPerHost: -1 };
export default function () {
  http.batch([`${__ENV.BASE_URL}/health`]);
}
