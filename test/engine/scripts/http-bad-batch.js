import http from 'k6/http';
export const options = { iterations: 1, batchPerHost: -1 };
export default function () {
  http.get(`${__ENV.BASE_URL}/health`);
}
